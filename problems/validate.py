"""Checks an instructor runs before committing problem files (no Django).

A problem is valid when, on every variant of its built dataset:
1. each reference (SQL, Python) runs and returns rows;
2. the SQL and the Python reference agree under the problem's grading options (where both exist);
3. each known mistake runs on the visible data and differs from the reference there, so it is never
   accepted and its message can be shown to a learner who makes it.

`check_problem` works on plain values so the web UI (a problem stored in the database) can use it;
`validate_folders` loads problem folders and the built manifest for `manage.py validate_problems`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from grader import CompareOptions, DatasetVariant, Grader, KnownMistake, ResultTable, compare
from grader.sql_runner import DatasetUnavailable
from problems.loader import PROBLEMS_DIR, ProblemError, ProblemSpec, load_problem

_FOLDER = re.compile(r"^(\d{3})-")


@dataclass
class ProblemCheck:
    """The outcome for one problem: empty `failures` means it is fine."""

    problem_id: int | None
    name: str
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def line(self) -> str:
        """One line for a terminal: `003 daily-returns: ok` or what failed."""
        label = f"{self.problem_id:03d} {self.name}" if self.problem_id is not None else self.name
        return f"{label}: ok" if self.ok else f"{label}: FAILED: " + "; ".join(self.failures)


def check_problem(
    solutions: dict[str, str],
    options: CompareOptions,
    mistakes: Sequence[KnownMistake],
    variants: Sequence[DatasetVariant],
    grader: Grader,
) -> list[str]:
    """What is wrong with a problem's references and known mistakes on `variants` (visible first);
    an empty list when nothing is."""
    failures: list[str] = []
    visible_reference: ResultTable | None = None
    for variant in variants:
        tables: dict[str, ResultTable] = {}
        for language, code in solutions.items():
            table, problem = _run(grader, code, language, variant)
            if problem:
                failures.append(f"{language} reference {problem}")
            else:
                tables[language] = table
        if {"sql", "python"} <= tables.keys():
            comparison = compare(tables["sql"], tables["python"], options)
            if not comparison.equal:
                failures.append(f"sql and python references disagree on variant {variant.variant}: "
                                f"{comparison.message}")
        if variant.visible:
            visible_reference = tables.get("sql", tables.get("python"))
    if visible_reference is not None:
        failures.extend(_check_mistakes(mistakes, options, variants[0], visible_reference, grader))
    return failures


def _run(grader: Grader, code: str, language: str, variant: DatasetVariant) -> tuple[ResultTable | None, str]:
    """Run code on one variant: its table, or why it is unusable as a reference."""
    where = f"on variant {variant.variant}"
    try:
        result = grader.run(code, language, variant.path)
    except DatasetUnavailable as exc:
        return None, f"cannot run {where}: {exc}"
    if not result.ok:
        first = (result.error or "").strip().splitlines()[:1]
        return None, f"gave {result.status} {where}" + (f": {first[0]}" if first else "")
    if result.truncated:
        return None, f"returned too many rows {where}"
    if result.table is None or not result.table.rows:
        return None, f"returned no rows {where} (an empty result cannot tell answers apart)"
    return result.table, ""


def _check_mistakes(mistakes: Sequence[KnownMistake], options: CompareOptions, visible: DatasetVariant,
                    reference: ResultTable, grader: Grader) -> list[str]:
    failures = []
    for mistake in mistakes:
        table, problem = _run(grader, mistake.code, mistake.language, visible)
        if problem:
            failures.append(f"known mistake {mistake.name!r} {problem}")
        elif compare(reference, table, options).equal:
            failures.append(f"known mistake {mistake.name!r} matches the reference on the visible data "
                            "(it would be accepted, and its message never shown)")
    return failures


def check_spec(spec: ProblemSpec, variants: Sequence[DatasetVariant], grader: Grader) -> ProblemCheck:
    """`check_problem` for a loaded problem folder."""
    return ProblemCheck(spec.id, spec.slug,
                        check_problem(spec.solutions, spec.grading, spec.mistakes, variants, grader))


def load_folders(root: Path = PROBLEMS_DIR, only: Iterable[int] | None = None
                 ) -> tuple[list[ProblemSpec], list[ProblemCheck]]:
    """Every problem folder under `root` (or those numbered in `only`): the ones that load, and a failed
    check for each that does not (its message names the file and the field, like the loader's)."""
    wanted = set(only) if only else None
    specs, broken = [], []
    for folder in sorted(p for p in Path(root).iterdir() if p.is_dir()):
        match = _FOLDER.match(folder.name)
        if not match or (wanted is not None and int(match.group(1)) not in wanted):
            continue
        try:
            specs.append(load_problem(folder))
        except ProblemError as exc:
            broken.append(ProblemCheck(int(match.group(1)), folder.name[match.end():], [str(exc)]))
    seen: dict[int, Path] = {}
    for spec in specs:
        if spec.id in seen:
            broken.append(ProblemCheck(spec.id, spec.slug, [f"{spec.path}: id: {spec.id} is also used by "
                                                             f"{seen[spec.id]}"]))
        seen.setdefault(spec.id, spec.path)
    return specs, broken


def release_sql(grader: Grader) -> None:
    """Close the SQL runner's warm connections before moving to another dataset: one process holding every
    variant of every dataset open outgrows the SQL sandbox's address-space limit (seen on the full set)."""
    runner = grader.runners.get("sql")
    for method in ("stop", "close"):
        if hasattr(runner, method):
            getattr(runner, method)()


def built_variants(data_root: Path, profile: str, dataset_id: str) -> tuple[DatasetVariant, ...]:
    """Every variant of a built dataset (visible first); FileNotFoundError or KeyError when not built."""
    import datasets

    manifest = datasets.load_manifest(Path(data_root), profile)
    return tuple(
        DatasetVariant(v, datasets.dataset_file(Path(data_root), profile, dataset_id, v),
                       manifest.dataset_hash(dataset_id, v))
        for v in datasets.VARIANTS
    )


def validate_folders(
    data_root: Path,
    profile: str,
    root: Path = PROBLEMS_DIR,
    only: Iterable[int] | None = None,
    grader: Grader | None = None,
    progress: Callable[[ProblemCheck], None] | None = None,
) -> list[ProblemCheck]:
    """Load the problem folders and check each on the built data of `profile` under `data_root`,
    in id order. `progress` is called with each check as it finishes."""
    specs, checks = load_folders(root, only)
    own = grader is None
    if grader is None:
        from grader import ExpectedCache

        grader = Grader(cache=ExpectedCache(), roots=(Path(data_root) / profile,))
    try:
        for check in checks:
            if progress:
                progress(check)
        current = None
        for spec in sorted(specs, key=lambda s: (s.dataset, s.id)):
            if spec.dataset != current:
                release_sql(grader)
                current = spec.dataset
            try:
                variants = built_variants(data_root, profile, spec.dataset)
            except (FileNotFoundError, KeyError):
                check = ProblemCheck(spec.id, spec.slug, [
                    f"dataset {spec.dataset} is not built for profile {profile} under {data_root} "
                    f"(python -m datasets build --profile {profile} --only {spec.dataset})"])
            else:
                check = check_spec(spec, variants, grader)
            checks.append(check)
            if progress:
                progress(check)
    finally:
        if own:
            grader.close()
    return sorted(checks, key=lambda c: (c.problem_id or 0, c.name))
