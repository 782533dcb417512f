"""Counts over the catalogue: what an author checks before saying the ladder is complete.

``catalogue_stats`` reads problem specs (and the learning paths) and returns plain counts; the
``sync_problems --stats`` command prints them. Tables a SQL reference reads come from DuckDB's own
parser (``json_serialize_sql``: no binding, so no data is needed); a Python reference "uses" a table
when it names the DataFrame.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb

from problems.loader import DIFFICULTIES, ProblemSpec
from problems.paths import PathSpec


@dataclass(frozen=True)
class CatalogueStats:
    """Counts per level and dataset, and the problems that miss something a complete one has."""

    total: int
    by_level: dict[str, int]
    by_dataset: dict[str, int]
    both_languages: int
    with_mistakes: int
    missing: dict[str, tuple[int, ...]] = field(default_factory=dict)
    unused_tables: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """The report as printable lines."""
        out = [
            f"problems: {self.total}",
            "by level: " + ", ".join(f"{level} {n}" for level, n in self.by_level.items()),
            "by dataset: " + ", ".join(f"{ds} {n}" for ds, n in self.by_dataset.items()),
            f"both SQL and Python: {self.both_languages} of {self.total}",
            f"with known-mistake feedback: {self.with_mistakes} of {self.total}",
        ]
        for what, ids in self.missing.items():
            out.append(f"{what}: " + (", ".join(map(str, ids)) if ids else "none"))
        out.append("tables no reference reads: " + (", ".join(self.unused_tables) or "none"))
        return out


def sql_tables(sql: str) -> set[str]:
    """Base tables a SQL text reads (CTE names excluded), from DuckDB's parser."""
    with duckdb.connect() as con:
        doc = json.loads(con.execute("SELECT json_serialize_sql(?::VARCHAR)", [sql]).fetchall()[0][0])
    tables: set[str] = set()
    ctes: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "BASE_TABLE" and node.get("table_name"):
                tables.add(node["table_name"])
            cte_map = node.get("cte_map")
            if isinstance(cte_map, dict):
                ctes.update(entry["key"] for entry in cte_map.get("map", []))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)
    return tables - ctes


def python_tables(code: str, known: Iterable[str]) -> set[str]:
    """Known table names that a Python reference names as identifiers."""
    words = set(re.findall(r"\b[A-Za-z_][A-Za-z0-9_]*\b", code))
    return words & set(known)


def tables_used(spec: ProblemSpec, known: Iterable[str]) -> set[str]:
    """Tables either reference of ``spec`` reads."""
    known = set(known)
    used: set[str] = set()
    if "sql" in spec.solutions:
        used |= sql_tables(spec.solutions["sql"]) & known
    if "python" in spec.solutions:
        used |= python_tables(spec.solutions["python"], known)
    return used


def catalogue_stats(specs: list[ProblemSpec], paths: list[PathSpec], known_tables: Iterable[str]) -> CatalogueStats:
    """Counts over ``specs``; ``known_tables`` are every table the datasets build."""
    known_tables = sorted(set(known_tables))
    on_a_path = {pid for p in paths for pid in p.problem_ids}
    levels = Counter(s.difficulty for s in specs)
    used = set().union(*(tables_used(s, known_tables) for s in specs)) if specs else set()
    missing = {
        "one language only": tuple(s.id for s in specs if len(s.languages) < 2),
        "no known mistake": tuple(s.id for s in specs if not s.mistakes),
        "fewer than two hints": tuple(s.id for s in specs if len(s.hints) < 2),
        "no explanation": tuple(s.id for s in specs if not s.explanation_md.strip()),
        "on no learning path": tuple(s.id for s in specs if s.id not in on_a_path),
    }
    return CatalogueStats(
        total=len(specs),
        by_level={level: levels.get(level, 0) for level in DIFFICULTIES},
        by_dataset=dict(sorted(Counter(s.dataset for s in specs).items())),
        both_languages=sum(len(s.languages) == 2 for s in specs),
        with_mistakes=sum(bool(s.mistakes) for s in specs),
        missing=missing,
        unused_tables=tuple(t for t in known_tables if t not in used),
    )
