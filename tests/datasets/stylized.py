"""Stylized-fact measurements computed from built data: the tests' names for what `datasets.facts`
measures (one implementation serves the tests, the fidelity report and the site)."""

from __future__ import annotations

from datasets.facts import (
    CALM,
    CHIP_SECTORS,
    SELLOFF,
    acf,
    broad_index,
    calm_chip_vol,
    chip_betas,
    chip_correlation,
    chip_index,
    leverage_5d,
    nxs_stock_returns,
    series_facts,
    sp500_facts,
    stock_leverage,
    volume_volatility,
)

__all__ = [
    "CALM",
    "CHIP_SECTORS",
    "SELLOFF",
    "acf",
    "broad_index",
    "calm_chip_vol",
    "chip_betas",
    "chip_correlation",
    "chip_index",
    "leverage_5d",
    "nxs_stock_returns",
    "series_facts",
    "sp500_facts",
    "stock_leverage",
    "volume_volatility",
]
