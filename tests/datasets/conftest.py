"""Fixtures for the datasets tests: the lite build (and, for slow tests, the full build), once per session."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import datasets


@pytest.fixture(scope="session")
def lite_root(tmp_path_factory) -> Path:
    """Root of a lite build of every dataset, all variants."""
    root = tmp_path_factory.mktemp("lite_data")
    datasets.build("lite", None, root, log=None)
    return root


@pytest.fixture(scope="session")
def full_root(tmp_path_factory) -> Path:
    """Root of a full build (only slow tests ask for it)."""
    root = tmp_path_factory.mktemp("full_data")
    datasets.build("full", None, root, log=None)
    return root


def connect(root: Path, profile: str, dataset_id: str, variant: int) -> duckdb.DuckDBPyConnection:
    """Open a built dataset the way the grader does: read-only, no external access."""
    path = datasets.dataset_file(root, profile, dataset_id, variant)
    return duckdb.connect(str(path), read_only=True, config={"enable_external_access": False})
