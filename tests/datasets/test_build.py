"""The build: layout, byte-identical rebuilds, the manifest and the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import datasets
from datasets.build import REPO_ROOT, variant_dir
from datasets.manifest import dataset_hash

from .conftest import connect

OWN_TABLES = {
    "D01": {"securities", "issuers", "venues", "trading_calendar", "corporate_actions"},
    "D02": {"eq_daily"},
}


def test_public_api_is_what_the_contract_names():
    assert set(datasets.__all__) == {
        "PROFILES",
        "VARIANTS",
        "ColumnInfo",
        "DatasetInfo",
        "Manifest",
        "TableInfo",
        "build",
        "catalog",
        "dataset_file",
        "default_data_dir",
        "load_manifest",
    }
    assert datasets.VARIANTS == (0, 1, 2)
    assert set(datasets.PROFILES) == {"lite", "full"}


def test_layout_has_parquet_per_table_and_one_duckdb_per_variant(lite_root):
    for did, tables in OWN_TABLES.items():
        for v in datasets.VARIANTS:
            folder = variant_dir(lite_root, "lite", did, v)
            assert {p.stem for p in folder.glob("*.parquet")} == tables
            assert datasets.dataset_file(lite_root, "lite", did, v) == folder / f"{did}.duckdb"
            assert (folder / f"{did}.duckdb").is_file()


def test_duckdb_holds_own_and_dependency_tables_as_real_tables(lite_root):
    with connect(lite_root, "lite", "D02", 1) as con:
        rows = con.execute("SELECT table_name, table_type FROM information_schema.tables").fetchall()
    assert {name for name, _ in rows} == OWN_TABLES["D01"] | OWN_TABLES["D02"]
    assert {kind for _, kind in rows} == {"BASE TABLE"}


def test_duckdb_tables_match_their_parquet_files(lite_root):
    manifest = datasets.load_manifest(lite_root, "lite")
    with connect(lite_root, "lite", "D02", 2) as con:
        for did, tables in OWN_TABLES.items():
            for table in tables:
                count = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                assert count == manifest.datasets[did].variants[2].tables[table].rows


def test_rebuild_is_byte_identical(lite_root, tmp_path):
    datasets.build("lite", None, tmp_path, log=None)  # every dataset, so the whole manifest compares
    for did, tables in OWN_TABLES.items():
        for v in datasets.VARIANTS:
            for table in tables:
                name = f"{table}.parquet"
                first = (variant_dir(lite_root, "lite", did, v) / name).read_bytes()
                assert (variant_dir(tmp_path, "lite", did, v) / name).read_bytes() == first, (did, v, table)
    manifest_a = (lite_root / "lite" / "manifest.json").read_text()
    assert (tmp_path / "lite" / "manifest.json").read_text() == manifest_a


def test_manifest_records_seed_version_hashes_and_rows(lite_root):
    doc = json.loads((lite_root / "lite" / "manifest.json").read_text())
    assert doc["profile"] == "lite"
    assert isinstance(doc["root_seed"], int)
    assert doc["generator_version"]
    manifest = datasets.load_manifest(lite_root, "lite")
    for v in datasets.VARIANTS:
        d01 = manifest.datasets["D01"].variants[v]
        d02 = manifest.datasets["D02"].variants[v]
        assert d01.hash == dataset_hash({t: e.sha256 for t, e in d01.tables.items()}, {})
        assert d02.hash == dataset_hash({t: e.sha256 for t, e in d02.tables.items()}, {"D01": d01.hash})
        assert manifest.dataset_hash("D02", v) == d02.hash
    hashes = {manifest.dataset_hash("D02", v) for v in datasets.VARIANTS}
    assert len(hashes) == 3


def test_building_only_d01_merges_into_the_existing_manifest(lite_root, tmp_path):
    shutil.copytree(lite_root / "lite", tmp_path / "lite")
    before = datasets.load_manifest(tmp_path, "lite")
    after = datasets.build("lite", ["D01"], tmp_path, log=None)
    assert set(after.datasets) == set(before.datasets)
    assert after.dataset_hash("D02", 0) == before.dataset_hash("D02", 0)
    assert after.dataset_hash("D01", 0) == before.dataset_hash("D01", 0)


def test_unknown_dataset_or_profile_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="D99"):
        datasets.build("lite", ["D99"], tmp_path, log=None)
    with pytest.raises(ValueError, match="profile"):
        datasets.build("huge", None, tmp_path, log=None)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "datasets", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_builds_with_only_as_a_comma_list_and_prints_one_line_per_variant(tmp_path):
    done = _cli("build", "--profile", "lite", "--only", "d01", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    lines = [ln for ln in done.stdout.splitlines() if "variant" in ln]
    assert len(lines) == 3
    assert all("rows" in ln and ln.rstrip().endswith("s") for ln in lines)
    assert datasets.load_manifest(tmp_path, "lite").datasets.keys() == {"D01"}


def test_cli_rejects_bad_arguments(tmp_path):
    bad_id = _cli("build", "--profile", "lite", "--only", "D01,D99", "--out", str(tmp_path))
    assert bad_id.returncode != 0
    assert "D99" in bad_id.stderr
    bad_profile = _cli("build", "--profile", "huge", "--out", str(tmp_path))
    assert bad_profile.returncode != 0
    assert "profile" in bad_profile.stderr
    assert not any(Path(tmp_path).iterdir())


def test_default_data_dir_honours_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("UNWIND_DATA_DIR", str(tmp_path))
    assert datasets.default_data_dir() == tmp_path
    monkeypatch.delenv("UNWIND_DATA_DIR")
    assert datasets.default_data_dir() == REPO_ROOT / "data"
