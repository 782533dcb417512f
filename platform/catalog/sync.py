"""Brings the database in line with the data dictionary, the built manifest and the problem files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

import datasets
import problems
from catalog import markdown
from catalog.models import FILE_PROBLEM_IDS_END, Dataset, LearningPath, Problem


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    unpublished: int = 0


@transaction.atomic
def sync_datasets() -> SyncReport:
    """Upsert every dataset of the dictionary with the variant hashes of the built profile (if built)."""
    report = SyncReport()
    root, profile = Path(settings.DATA_DIR), settings.DATA_PROFILE
    try:
        manifest = datasets.load_manifest(root, profile)
    except FileNotFoundError:
        manifest = None
    for info in datasets.catalog():
        hashes, rows = {}, {}
        if manifest is not None:
            for v in datasets.VARIANTS:
                try:
                    hashes[str(v)] = manifest.dataset_hash(info.id, v)
                except KeyError:
                    break
            if hashes:
                rows = {name: t.rows for name, t in manifest.datasets[info.id].variants[0].tables.items()}
        tables = [
            {
                "name": t.name,
                "description": t.description,
                "rows": rows.get(t.name),
                "columns": [
                    {"name": c.name, "type": c.type, "unit": c.unit, "meaning": c.meaning} for c in t.columns
                ],
            }
            for t in info.tables
        ]
        _, created = Dataset.objects.update_or_create(
            id=info.id,
            defaults={
                "title": info.title,
                "story": info.story,
                "depends_on": list(info.depends_on),
                "tables": tables,
                "variant_hashes": hashes,
                "is_real": getattr(info, "is_real", False),
                "charts": [
                    {"title": c.title, "sql": c.sql, "caption": c.caption, "y_label": c.y_label} for c in info.charts
                ],
            },
        )
        report.created += created
        report.updated += not created
    return report


@transaction.atomic
def sync_problems(root: Path = problems.PROBLEMS_DIR) -> SyncReport:
    """Upsert every problem folder; problems whose folder is gone are unpublished, never deleted
    (submissions point at them)."""
    report = SyncReport()
    specs = problems.load_all(root)
    known = set(Dataset.objects.values_list("id", flat=True))
    for spec in specs:
        if spec.dataset not in known:
            raise problems.ProblemError(spec.path / "problem.toml", "dataset", f"unknown dataset {spec.dataset}")
        _, created = Problem.objects.update_or_create(
            id=spec.id,
            defaults={
                "slug": spec.slug,
                "title": spec.title,
                "dataset_id": spec.dataset,
                "difficulty": spec.difficulty,
                "topics": list(spec.topics),
                "statement_md": spec.statement_md,
                "statement_html": markdown.render(spec.statement_md, drop_title=True),
                "solution_sql": spec.solutions.get("sql", ""),
                "solution_py": spec.solutions.get("python", ""),
                "grading": spec.grading_raw,
                "hints": list(spec.hints),
                "why_it_matters": spec.why_it_matters,
                "mistakes": [
                    {"name": m.name, "language": m.language, "code": m.code, "message": m.message}
                    for m in spec.mistakes
                ],
                "explanation_html": markdown.render(spec.explanation_md) if spec.explanation_md else "",
                "reveal_after": spec.reveal_after,
                "version": spec.version,
                "is_published": True,
            },
        )
        report.created += created
        report.updated += not created
    report.unpublished = (
        Problem.objects.exclude(id__in=[s.id for s in specs])
        .filter(is_published=True, id__lt=FILE_PROBLEM_IDS_END)  # web-authored problems are not files
        .update(is_published=False)
    )
    _sync_paths(problems.load_paths({s.id for s in specs}, root))
    return report


def _sync_paths(paths: list[problems.PathSpec]) -> None:
    """Paths are pure configuration: replace them all."""
    LearningPath.objects.all().delete()
    LearningPath.objects.bulk_create(
        LearningPath(slug=p.slug, title=p.title, description=p.description, position=i, problem_ids=list(p.problem_ids))
        for i, p in enumerate(paths)
    )
