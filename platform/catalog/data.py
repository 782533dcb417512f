"""Where the site finds built data: variant paths and hashes, and previews of visible tables."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

import datasets
import grader
from datasets import facts
from grader.sql_runner import DatasetUnavailable

_grader: grader.Grader | None = None


def process_grader() -> grader.Grader:
    """This process's grader: warm sandboxes bound to the built data, and the shared expected cache."""
    global _grader
    if _grader is None:
        root = Path(settings.DATA_DIR)
        _grader = grader.Grader(
            cache=grader.ExpectedCache(root / "cache" / "expected" / settings.DATA_PROFILE),
            roots=(root / settings.DATA_PROFILE,),
        )
    return _grader


class DataNotBuilt(RuntimeError):
    """The dataset has not been built for this profile; `python -m datasets build` fixes it."""


def _manifest_mtime() -> float:
    path = Path(settings.DATA_DIR) / settings.DATA_PROFILE / "manifest.json"
    return path.stat().st_mtime if path.exists() else 0.0


@lru_cache(maxsize=8)
def _manifest(root: str, profile: str, mtime: float):
    return datasets.load_manifest(Path(root), profile)


def dataset_variants(dataset_id: str) -> tuple[grader.DatasetVariant, ...]:
    """Every variant of `dataset_id` (visible first) with its file and hash."""
    root, profile = Path(settings.DATA_DIR), settings.DATA_PROFILE
    try:
        manifest = _manifest(str(root), profile, _manifest_mtime())
        return tuple(
            grader.DatasetVariant(
                v, datasets.dataset_file(root, profile, dataset_id, v), manifest.dataset_hash(dataset_id, v)
            )
            for v in datasets.VARIANTS
        )
    except (FileNotFoundError, KeyError) as exc:
        uploaded = _uploaded_variant(dataset_id)
        if uploaded is not None:
            return (uploaded,)
        raise DataNotBuilt(f"dataset {dataset_id} is not built for profile {profile}: {exc}") from exc


def _uploaded_variant(dataset_id: str) -> grader.DatasetVariant | None:
    """An uploaded dataset (datamgmt) is not in the manifest: its current version is its only, visible variant,
    so its problems are graded on that alone."""
    from catalog.models import Dataset

    row = Dataset.objects.filter(pk=dataset_id, source="upload").values("upload_path", "variant_hashes").first()
    if row is None or not row["upload_path"]:
        return None
    path = Path(settings.DATA_DIR) / row["upload_path"]
    return grader.DatasetVariant(0, path, row["variant_hashes"].get("0", "")) if path.is_file() else None


@lru_cache(maxsize=8)
def _stored_facts(root: str, profile: str, mtime: float) -> dict:
    return facts.load_facts(Path(root), profile)


def fidelity(dataset_id: str) -> list[dict]:
    """The dataset's stylized facts beside real markets, as the build measured them on the visible
    variant (facts.json; never a hidden variant's). [] when the data is not built, the dataset has no
    facts, or they were measured on another build than the one the site serves."""
    root, profile = Path(settings.DATA_DIR), settings.DATA_PROFILE
    path = facts.facts_path(root, profile)
    entry = _stored_facts(str(root), profile, path.stat().st_mtime if path.exists() else 0.0).get(dataset_id)
    if entry is None:
        return []
    try:
        visible = dataset_variants(dataset_id)[0].dataset_hash
    except DataNotBuilt:
        return []
    return entry["rows"] if entry["hash"] == visible else []


def _run_visible(sql: str, path: Path) -> dict:
    """Our own query on a visible file; a damaged file reads as not built (the pages say so, no 500)."""
    try:
        return process_grader().run(sql, "sql", path).to_jsonable()
    except DatasetUnavailable as exc:
        raise DataNotBuilt(str(exc)) from exc


def visible_file(dataset_id: str) -> Path:
    return dataset_variants(dataset_id)[0].path


def preview(dataset_id: str, table: str, rows: int = 8, page: int = 0) -> dict:
    """One page of a visible table in stored order, cached by the dataset's hash."""
    variant = dataset_variants(dataset_id)[0]
    key = f"preview:{variant.dataset_hash}:{table}:{rows}:{page}"
    data = cache.get(key)
    if data is None:
        quoted = '"' + table.replace('"', '""') + '"'
        # rowid keeps pages stable: without an order, a parallel scan may return rows in any order.
        sql = f"SELECT * FROM {quoted} ORDER BY rowid LIMIT {int(rows)} OFFSET {int(rows) * int(page)}"
        data = _run_visible(sql, variant.path)
        cache.set(key, data, 3600)
    return data


def table_page(dataset, table: str, page: int, rows: int) -> dict:
    """Page `page` (clamped to the last) of a visible table, with where it sits in the table; the preview is
    None when the data is not built."""
    total = next((t.get("rows") for t in dataset.tables if t["name"] == table), None)
    pages = max(1, -(-total // rows)) if total else None
    if pages is not None:
        page = min(page, pages - 1)
    try:
        shown = preview(dataset.id, table, rows, page)
    except DataNotBuilt:
        shown = None
    return {"preview": shown, "table": table, "dataset_id": dataset.id, "page": page, "pages": pages,
            "first_row": page * rows + 1, "total_rows": total}


def chart(dataset_id: str, index: int, spec: dict) -> dict | None:
    """A dataset chart (static/js/charts.js spec) from its query on the visible data, cached by the
    dataset's hash; None when the query gives nothing to draw."""
    variant = dataset_variants(dataset_id)[0]
    key = f"chart:{variant.dataset_hash}:{index}:{hashlib.sha256(spec['sql'].encode()).hexdigest()[:16]}"
    drawn = cache.get(key)
    if drawn is None:
        result = _run_visible(spec["sql"], variant.path)
        drawn = {"empty": True}
        if result["status"] == "ok" and result["rows"]:
            columns, rows = result["columns"], result["rows"]
            drawn = {
                "kind": "line",
                "series": [{"name": columns[j], "points": [[r[0], r[j]] for r in rows if r[j] is not None]}
                           for j in range(1, len(columns))],
                "xLabel": columns[0],
                "yLabel": spec.get("y_label", ""),
                "label": spec["title"],
            }
        cache.set(key, drawn, 24 * 3600)
    return None if drawn.get("empty") else drawn
