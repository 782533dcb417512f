"""Every stylized fact of `datasets.facts.FACTS` lies in its band, on every variant.

One test per fact and variant, named for the fact (``test_fact_in_band[D02-excess-kurtosis-v0]``);
the full profile repeats them in a slow test. A fact whose fix is still pending (``Fact.pending``)
is a strict xfail where the table says it fails: it must still fail there, so clearing ``pending``
is the step that closes the fix. The report's command line is tested at the end.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

import datasets
from datasets import facts
from datasets.__main__ import main

_VARIANTS: dict = {}


def _variant(root, profile: str, variant: int) -> facts.Variant:
    """One `facts.Variant` per build and variant, so facts sharing D02's returns compute them once."""
    key = (str(root), profile, variant)
    if key not in _VARIANTS:
        _VARIANTS[key] = facts.Variant(root, profile, variant)
    return _VARIANTS[key]


def _cases(profile: str) -> list:
    cases = []
    for fact in facts.FACTS:
        for variant in datasets.VARIANTS:
            marks = []
            if fact.is_pending(profile, variant):
                reason = f"{fact.pending}: being fixed" if fact.pending.startswith("issue") else fact.pending
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            cases.append(pytest.param(fact, variant, id=f"{fact.id}-v{variant}", marks=marks))
    return cases


def _assert_in_band(fact: facts.Fact, root, profile: str, variant: int) -> None:
    value = facts._plain(fact.measure(_variant(root, profile, variant)))
    band = fact.band_for(profile)
    assert band.contains(value), (
        f"{fact.name}: {facts.fmt(value, fact.unit)} is outside {facts.band_text(band, fact.unit)}"
    )


@pytest.mark.parametrize(("fact", "variant"), _cases("lite"))
def test_fact_in_band(lite_root, fact, variant):
    _assert_in_band(fact, lite_root, "lite", variant)


@pytest.mark.slow
@pytest.mark.parametrize(("fact", "variant"), _cases("full"))
def test_full_profile_fact_in_band(full_root, fact, variant):
    _assert_in_band(fact, full_root, "full", variant)


# --------------------------------------------------------------------------- the table itself


def test_fact_ids_are_unique_and_name_their_dataset():
    ids = [f.id for f in facts.FACTS]
    assert len(ids) == len(set(ids))
    assert all(f.id.startswith(f.dataset + "-") for f in facts.FACTS)


def test_every_band_is_an_interval_with_a_bound():
    for fact in facts.FACTS:
        for band in (fact.band, fact.lite_band):
            if band is not None:
                assert band.lo is not None or band.hi is not None, fact.id
                assert band.lo is None or band.hi is None or band.lo <= band.hi, fact.id


def test_real_anchors_are_computed_from_the_arch_histories():
    """The S&P 500 anchors change with the data they come from (not typed-in constants)."""
    whole = facts.BY_ID["D02-excess-kurtosis"].anchor().value
    assert whole == pytest.approx(facts.sp500_facts()["excess_kurtosis"])
    assert whole != pytest.approx(facts.sp500_facts(end="2006-12-31")["excess_kurtosis"])


def test_sp500_shows_the_d02_bands_are_realistic():
    real = facts.sp500_facts()
    for key, fid in (("excess_kurtosis", "D02-excess-kurtosis"), ("acf_r_1", "D02-acf-r-1"),
                     ("acf_abs_1", "D02-acf-abs-1"), ("acf_abs_20", "D02-acf-abs-20"),
                     ("leverage_corr_5d", "D02-leverage-index")):
        assert facts.BY_ID[fid].band.contains(real[key]), fid


def test_a_value_outside_its_band_or_missing_is_not_in_band():
    band = facts.Band(0.1, 0.4)
    assert band.contains(0.1)
    assert band.contains(0.4)
    assert not band.contains(0.41)
    assert not band.contains(None)
    assert not band.contains(float("nan"))
    assert facts.Band(None, -0.05).contains(-1.0)


def test_a_measurement_that_raises_is_reported_on_its_row(tmp_path):
    broken = facts.Fact("D99-x", "D99", "broken", "num", lambda v: 1 / 0, lambda: facts.Anchor(None, "none"),
                        facts.Band(0, 1))
    result = facts.evaluate(broken, facts.Variant(tmp_path, "lite", 0))
    assert not result.in_band
    assert "ZeroDivisionError" in result.error
    assert facts.row(result)["value"] == "error"


def test_values_are_printed_in_their_units():
    assert facts.fmt(0.046, "pct") == "+4.6 %"
    assert facts.fmt(30e9, "usd") == "$30.0 bn"
    assert facts.fmt(6.49, "x") == "6.5x"
    assert facts.band_text(facts.Band(0.1, None), "corr") == "≥ +0.10"
    assert facts.band_text(facts.Band(None, 30e9), "usd") == "≤ $30.0 bn"


# --------------------------------------------------------------------------- facts.json (the build's copy)


def test_the_build_writes_the_visible_variants_facts_beside_the_manifest(lite_root):
    manifest = datasets.load_manifest(lite_root, "lite")
    stored = facts.load_facts(lite_root, "lite")
    assert set(stored) == {f.dataset for f in facts.FACTS}
    for did, entry in stored.items():
        assert entry["hash"] == manifest.dataset_hash(did, 0)
        assert [r["id"] for r in entry["rows"]] == [f.id for f in facts.facts_for([did])]
    measured = {r.fact.id: facts.row(r) for r in facts.measure_all(lite_root, "lite", 0)}
    assert all(r == measured[r["id"]] for entry in stored.values() for r in entry["rows"])


def test_facts_json_holds_the_visible_variant_not_a_hidden_one(lite_root):
    doc = json.loads(facts.facts_path(lite_root, "lite").read_text(encoding="utf-8"))
    assert doc["variant"] == 0
    stored = [r["value"] for entry in doc["datasets"].values() for r in entry["rows"]]
    hidden = {r.fact.id: facts.row(r)["value"] for r in facts.measure_all(lite_root, "lite", 1)}
    assert stored != [hidden[r["id"]] for entry in doc["datasets"].values() for r in entry["rows"]]


# --------------------------------------------------------------------------- the command line


def test_the_report_prints_every_fact_under_its_dataset(lite_root, capsys):
    assert main(["facts", "--data-dir", str(lite_root)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Fidelity report: the lite build, variant 0")
    for fact in facts.FACTS:
        line = next(line for line in out.splitlines() if fact.name in line)
        assert line.split()[0] in {"ok", "FAIL"}
        assert facts.band_text(fact.band_for("lite"), fact.unit) in line
    headings = [line.split()[0] for line in out.splitlines() if line and not line.startswith(" ")][1:-1]
    assert headings == list(dict.fromkeys(f.dataset for f in facts.FACTS))
    assert f"of {len(facts.FACTS)} facts in band" in out.splitlines()[-1]


def test_check_exits_non_zero_exactly_when_a_fact_is_out_of_band(lite_root, capsys, monkeypatch):
    fact = facts.FACTS[0]
    value = fact.measure(facts.Variant(lite_root, "lite", 0))
    for band, status in ((facts.Band(value - 1, value + 1), 0), (facts.Band(value + 1, value + 2), 1)):
        monkeypatch.setattr(facts, "FACTS", (replace(fact, band=band, lite_band=None),))
        assert main(["facts", "--data-dir", str(lite_root), "--check"]) == status
        assert main(["facts", "--data-dir", str(lite_root)]) == 0  # without --check the report never fails
    capsys.readouterr()


def test_the_report_builds_the_data_when_it_is_missing(tmp_path, capsys, monkeypatch):
    calls = []
    monkeypatch.setattr("datasets.__main__.build", lambda profile, only, root: calls.append((profile, only, root)))
    monkeypatch.setattr(facts, "measure_all", lambda root, profile, variant: [])
    assert main(["facts", "--data-dir", str(tmp_path), "--profile", "lite"]) == 0
    assert calls == [("lite", sorted({f.dataset for f in facts.FACTS}), tmp_path)]
    assert "building lite" in capsys.readouterr().err
