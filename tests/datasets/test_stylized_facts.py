"""D02's stylized facts, measured honestly from the stored data, against the design's bands.

The bands come from real S&P 500 daily returns (arch.data.sp500, 1999-2018), checked below. With
438 daily returns the standard error of a sample autocorrelation is about 0.05, so the
autocorrelation bands are the design's with that much slack. Excess kurtosis is tested on the
full profile (slow): lite's broad index averages only ~23 names, whose idiosyncratic noise dilutes
the tails, so lite only has to show clearly fat tails.
"""

from __future__ import annotations

import numpy as np
import pytest

import datasets

from . import stylized as sf

# Bands of the facts issue 23 found too weak (each against a real anchor where one exists).
STOCK_LEVERAGE_SHARE_BAND = (0.5, 1.5)
"""Median over stocks of leverage_5d, as a multiple of the S&P 500's (1999-2018, computed at test
time). Single stocks show a weaker leverage effect than the index (Bouchaud, Matacz & Potters 2001),
so at least half of it; the old engine gave about 0.4 of it."""
CHIP_INDEX_ACF1_MAX = 0.08
"""|ACF(r, 1)| of the equal-weight chip index (real indices: about 0; the old engine gave +0.14)."""
CALM_CHIP_VOL_BAND = (0.26, 0.34)
"""Median annualized calm-regime vol of a chip stock (design 30 %; the old engine gave 22 %)."""


def assert_leverage_effect_like_real_stocks(frame, variant) -> None:
    """The median stock's leverage effect is a realistic share of the S&P 500's."""
    real = sf.sp500_facts()["leverage_corr_5d"]
    median = sf.stock_leverage(frame).median()
    lo, hi = STOCK_LEVERAGE_SHARE_BAND
    assert hi * real <= median <= lo * real, (variant, median, real)


def assert_chip_index_is_not_autocorrelated(frame, variant) -> None:
    acf1 = sf.acf(sf.chip_index(frame).to_numpy(), 1)
    assert abs(acf1) <= CHIP_INDEX_ACF1_MAX, (variant, acf1)


def assert_calm_chip_vol_near_design(frame, variant) -> None:
    vol = sf.calm_chip_vol(frame)
    assert CALM_CHIP_VOL_BAND[0] <= vol <= CALM_CHIP_VOL_BAND[1], (variant, vol)


@pytest.fixture(scope="module")
def lite_returns(lite_root):
    return {
        v: sf.nxs_stock_returns(datasets.dataset_file(lite_root, "lite", "D02", v)) for v in datasets.VARIANTS
    }


def test_sp500_shows_the_bands_are_realistic():
    facts = sf.sp500_facts()
    assert 5 <= facts["excess_kurtosis"] <= 10
    assert abs(facts["acf_r_1"]) < 0.1
    assert 0.2 <= facts["acf_abs_1"] <= 0.3
    assert facts["acf_abs_20"] > 0.1
    assert facts["leverage_corr"] < 0
    assert facts["leverage_corr_5d"] < 0


def test_a_calm_then_crash_sp500_window_of_our_length_meets_the_bands_too():
    """438 S&P sessions from a calm 2017 into the February 2018 volatility crash: the real analog
    of 2036 -> June 2037. (A random 438-session window has a median excess kurtosis near 1.5.)"""
    facts = sf.sp500_facts(end="2018-06-29", sessions=438)
    assert 5 <= facts["excess_kurtosis"] <= 10
    assert 0.2 <= facts["acf_abs_1"] <= 0.3
    assert facts["acf_abs_20"] > 0.1
    assert facts["leverage_corr_5d"] < -0.05


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_broad_returns_are_fat_tailed_with_clustered_volatility(lite_returns, variant):
    facts = sf.series_facts(sf.broad_index(lite_returns[variant]).to_numpy())
    assert facts["excess_kurtosis"] > 3.5
    assert abs(facts["acf_r_1"]) < 0.15
    assert 0.15 <= facts["acf_abs_1"] <= 0.40
    assert facts["acf_abs_20"] > 0.1
    assert facts["leverage_corr_5d"] < -0.05  # falls raise the next week's volatility


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_chip_betas_sit_between_1_5_and_2(lite_returns, variant):
    betas = sf.chip_betas(lite_returns[variant])
    assert 1.5 <= betas.median() <= 2.0
    assert betas.min() > 1.2


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_chip_correlation_is_moderate_when_calm_and_near_one_in_the_selloff(lite_returns, variant):
    assert 0.35 <= sf.chip_correlation(lite_returns[variant], *sf.CALM) <= 0.58
    assert sf.chip_correlation(lite_returns[variant], *sf.SELLOFF) >= 0.85


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_volume_rises_with_absolute_returns(lite_returns, variant):
    assert sf.volume_volatility(lite_returns[variant]) > 0.3


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_stocks_show_a_realistic_share_of_the_sp500_leverage_effect(lite_returns, variant):
    assert_leverage_effect_like_real_stocks(lite_returns[variant], variant)


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_the_chip_index_has_no_lag_one_autocorrelation(lite_returns, variant):
    assert_chip_index_is_not_autocorrelated(lite_returns[variant], variant)


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_calm_chip_volatility_is_near_30_percent(lite_returns, variant):
    assert_calm_chip_vol_near_design(lite_returns[variant], variant)


@pytest.mark.slow
def test_full_profile_meets_the_design_bands(full_root):
    for variant in datasets.VARIANTS:
        frame = sf.nxs_stock_returns(datasets.dataset_file(full_root, "full", "D02", variant))
        facts = sf.series_facts(sf.broad_index(frame).to_numpy())
        assert 5 <= facts["excess_kurtosis"] <= 10, (variant, facts)
        assert abs(facts["acf_r_1"]) < 0.15
        assert 0.15 <= facts["acf_abs_1"] <= 0.40
        assert facts["acf_abs_20"] > 0.1
        assert facts["leverage_corr_5d"] < -0.05
        assert 1.5 <= sf.chip_betas(frame).median() <= 2.0
        assert 0.35 <= sf.chip_correlation(frame, *sf.CALM) <= 0.58
        assert sf.chip_correlation(frame, *sf.SELLOFF) >= 0.85
        assert sf.volume_volatility(frame) > 0.3
        assert_leverage_effect_like_real_stocks(frame, variant)
        assert_chip_index_is_not_autocorrelated(frame, variant)
        assert_calm_chip_vol_near_design(frame, variant)
        assert np.isfinite(list(facts.values())).all()
