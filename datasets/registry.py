"""The datasets this package builds, by id, in dependency order."""

from __future__ import annotations

from types import ModuleType

from datasets import (
    d01_reference,
    d02_daily_bars,
    d03_indices,
    d04_intraday,
    d05_microstructure,
    d06_options,
    d07_etps,
    d08_new_funds,
    d09_retail_flow,
    d10_margin,
    d11_crypto,
    d12_treasury,
    d13_credit,
    d14_macro,
    d15_news,
    r1_real,
)

DATASETS: dict[str, ModuleType] = {
    d01_reference.ID: d01_reference,
    d02_daily_bars.ID: d02_daily_bars,
    d03_indices.ID: d03_indices,
    d04_intraday.ID: d04_intraday,
    d05_microstructure.ID: d05_microstructure,
    d06_options.ID: d06_options,
    d07_etps.ID: d07_etps,
    d08_new_funds.ID: d08_new_funds,
    d09_retail_flow.ID: d09_retail_flow,
    d10_margin.ID: d10_margin,
    d11_crypto.ID: d11_crypto,
    d12_treasury.ID: d12_treasury,
    d13_credit.ID: d13_credit,
    d14_macro.ID: d14_macro,
    d15_news.ID: d15_news,
    r1_real.ID: r1_real,
}
"""Dataset id -> module exposing ``DATASET`` (DatasetInfo) and ``generate(profile, variant, parents)``."""


def with_dependencies(ids: list[str]) -> list[str]:
    """``ids`` plus everything they depend on, in build (dependency) order."""
    unknown = [i for i in ids if i not in DATASETS]
    if unknown:
        raise KeyError(f"unknown dataset id(s): {', '.join(unknown)}; known: {', '.join(DATASETS)}")
    wanted: set[str] = set()

    def visit(did: str) -> None:
        if did not in wanted:
            wanted.add(did)
            for dep in DATASETS[did].DATASET.depends_on:
                visit(dep)

    for did in ids:
        visit(did)
    # Registry order, except that a dataset listed before one of its dependencies (D10 needs D11)
    # is moved after it: each dataset comes after everything it depends on.
    ordered: list[str] = []

    def place(did: str) -> None:
        if did not in ordered:
            for dep in DATASETS[did].DATASET.depends_on:
                place(dep)
            ordered.append(did)

    for did in DATASETS:
        if did in wanted:
            place(did)
    return ordered


def all_dependencies(did: str) -> list[str]:
    """Every dataset ``did`` depends on, directly or not, in build order (excluding itself)."""
    return [d for d in with_dependencies([did]) if d != did]
