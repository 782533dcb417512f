"""Building datasets: generate, write Parquet and DuckDB files, record the manifest."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from datasets.dictionary import TableInfo
from datasets.manifest import DatasetEntry, Manifest, TableEntry, VariantEntry, dataset_hash, manifest_path
from datasets.manifest import load_manifest as _load_manifest
from datasets.registry import DATASETS, all_dependencies, with_dependencies
from datasets.seeds import ROOT_SEED
from datasets.tables import to_arrow, write_parquet
from datasets.universe import PROFILES

GENERATOR_VERSION = "1.0.0"
"""Bump when any generator's output changes for the same seed."""
VARIANTS = (0, 1, 2)
"""Variant 0 is visible to learners; 1 and 2 are hidden grading variants."""
REPO_ROOT = Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    """``$UNWIND_DATA_DIR`` if set, else ``data/`` at the repository root."""
    env = os.environ.get("UNWIND_DATA_DIR")
    return Path(env) if env else REPO_ROOT / "data"


def variant_dir(root: Path, profile: str, dataset_id: str, variant: int) -> Path:
    """``root/<profile>/<dataset_id>/<variant>/``."""
    return Path(root) / profile / dataset_id / str(variant)


def dataset_file(root: Path, profile: str, dataset_id: str, variant: int) -> Path:
    """The DuckDB file holding ``dataset_id``'s tables and its dependencies' for ``variant``."""
    return variant_dir(root, profile, dataset_id, variant) / f"{dataset_id}.duckdb"


def _libraries() -> dict[str, str]:
    return {"numpy": np.__version__, "pandas": pd.__version__, "pyarrow": pa.__version__}


def build(
    profile: str,
    only: Sequence[str] | None = None,
    out: Path | None = None,
    log: Callable[[str], None] | None = print,
) -> Manifest:
    """Build ``only`` (default: every dataset) plus their dependencies for all VARIANTS into
    ``out`` (default ``default_data_dir()``), and merge the result into the profile's manifest.

    Raises ValueError for an unknown profile or dataset id.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; expected one of: {', '.join(PROFILES)}")
    try:
        ids = with_dependencies(list(only) if only else list(DATASETS))
    except KeyError as exc:
        raise ValueError(exc.args[0]) from None
    root = Path(out) if out is not None else default_data_dir()

    manifest = Manifest(GENERATOR_VERSION, ROOT_SEED, profile, _libraries())
    if manifest_path(root, profile).exists():
        old = _load_manifest(root, profile)
        if (old.generator_version, old.root_seed) == (GENERATOR_VERSION, ROOT_SEED):
            manifest.datasets = dict(old.datasets)

    # Variants are independent: build them in parallel processes (each is deterministic on its own).
    jobs = max(1, min(len(VARIANTS), build_jobs()))
    if jobs == 1:
        results = [_build_variant(root, profile, ids, v) for v in VARIANTS]
    else:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(_build_variant, *zip(*[(root, profile, ids, v) for v in VARIANTS], strict=True)))
    for variant, (built, lines) in zip(VARIANTS, results, strict=True):
        for did in ids:
            depends_on = list(DATASETS[did].DATASET.depends_on)
            entry = manifest.datasets.setdefault(did, DatasetEntry(depends_on))
            entry.depends_on = depends_on
            deps = {dep: manifest.dataset_hash(dep, variant) for dep in depends_on}
            tables = built[did]
            entry.variants[variant] = VariantEntry(tables, dataset_hash({t: e.sha256 for t, e in tables.items()}, deps))
        if log is not None:
            for line in lines:
                log(line)
    manifest.write(root)
    _write_facts(root, profile, manifest, ids, log)
    return manifest


def _write_facts(root: Path, profile: str, manifest: Manifest, ids: list[str], log) -> None:
    """The visible variant's fidelity report for the site (facts.json beside the manifest): measured
    once per build, so no page view computes it."""
    from datasets.facts import write_facts  # facts measures built files: it imports this module

    results = write_facts(root, profile, manifest, ids)
    if log is not None and results:
        log(f"{profile} facts (visible data): {sum(r.in_band for r in results)} of {len(results)} in band "
            "(python -m datasets facts prints them)")


def build_jobs() -> int:
    """Processes for a build: ``$UNWIND_BUILD_JOBS``, else the CPUs this process may use."""
    env = os.environ.get("UNWIND_BUILD_JOBS")
    return int(env) if env else len(os.sched_getaffinity(0))


def _build_variant(root: Path, profile: str, ids: list[str], variant: int) -> tuple[dict, list[str]]:
    """Generate and write every dataset of ``ids`` for one variant; returns each dataset's table
    entries and the log lines."""
    stored: dict[str, dict[str, pd.DataFrame]] = {}
    built: dict[str, dict[str, TableEntry]] = {}
    lines = []
    for did in ids:
        started = time.perf_counter()
        module = DATASETS[did]
        parents = {dep: stored[dep] for dep in all_dependencies(did)}
        frames = module.generate(profile, variant, parents)
        folder = variant_dir(root, profile, did, variant)
        tables: dict[str, TableEntry] = {}
        stored[did] = {}
        for info in module.DATASET.tables:
            table = to_arrow(frames[info.name], info)
            sha = write_parquet(table, folder / f"{info.name}.parquet")
            tables[info.name] = TableEntry(sha, table.num_rows)
            stored[did][info.name] = table.to_pandas()
        _write_duckdb(root, profile, did, variant)
        built[did] = tables
        rows = sum(e.rows for e in tables.values())
        lines.append(f"{profile} {did} variant {variant}: {rows} rows in {len(tables)} tables, "
                     f"{time.perf_counter() - started:.2f}s")
    return built, lines


def _ddl(info: TableInfo) -> str:
    cols = [f'"{c.name}" {c.type}{"" if c.nullable else " NOT NULL"}' for c in info.columns]
    if info.primary_key:
        cols.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in info.primary_key) + ")")
    return f'CREATE TABLE "{info.name}" (\n  ' + ",\n  ".join(cols) + "\n)"


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _write_duckdb(root: Path, profile: str, dataset_id: str, variant: int) -> Path:
    """Create the dataset's .duckdb (its tables and all dependencies' tables, real tables with
    keys and comments from the dictionary), written beside and renamed into place."""
    target = dataset_file(root, profile, dataset_id, variant)
    tmp = target.with_suffix(".duckdb.tmp")
    for stale in (tmp, Path(str(tmp) + ".wal")):
        stale.unlink(missing_ok=True)
    # Start from a copy of the dependency file that already holds the most of what this one needs
    # (D10's starts as D09's, which holds D01-D03): copying a file is far cheaper than re-inserting
    # and re-indexing every dependency's tables from Parquet.
    deps = all_dependencies(dataset_id)
    have: set[str] = set()
    if deps:
        base = max(deps, key=lambda d: (len(all_dependencies(d)), deps.index(d)))
        shutil.copyfile(dataset_file(root, profile, base, variant), tmp)
        have = {base, *all_dependencies(base)}
    con = duckdb.connect(str(tmp))
    try:
        con.execute("SET threads = 2")
        for did in [d for d in [*deps, dataset_id] if d not in have]:
            folder = variant_dir(root, profile, did, variant)
            for info in DATASETS[did].DATASET.tables:
                con.execute(_ddl(info))
                path = (folder / f"{info.name}.parquet").as_posix()
                con.execute(f'INSERT INTO "{info.name}" SELECT * FROM read_parquet({_sql_str(path)})')
                con.execute(f'COMMENT ON TABLE "{info.name}" IS {_sql_str(f"{did}: {info.description}")}')
                for c in info.columns:
                    unit = f" [{c.unit}]" if c.unit else ""
                    con.execute(f'COMMENT ON COLUMN "{info.name}"."{c.name}" IS {_sql_str(c.meaning + unit)}')
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(tmp, target)
    return target
