"""Unwind's datasets: deterministic synthetic market data replaying a fictional 2036-2037
AI-chip boom and sell-off, with visible and hidden grading variants.

Pure Python (no Django). Build from the repository root with
``python -m datasets build --profile lite|full [--only D02 ...] [--out DIR]``.
"""

from __future__ import annotations

from datasets.build import VARIANTS, build, dataset_file, default_data_dir
from datasets.dictionary import ColumnInfo, DatasetInfo, TableInfo, catalog
from datasets.manifest import Manifest, load_manifest
from datasets.universe import PROFILES

__all__ = [
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
]
