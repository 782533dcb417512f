"""Learning paths: ordered routes through the problems, declared in ``problems/paths.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from problems.loader import PROBLEMS_DIR, ProblemError

PATHS_FILE = "paths.toml"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class PathSpec:
    """One path: a slug, a title, why to take it, and problem ids in the order to solve them."""

    slug: str
    title: str
    description: str
    problem_ids: tuple[int, ...]


def load_paths(known_ids: set[int], root: Path = PROBLEMS_DIR) -> list[PathSpec]:
    """Every path of ``root/paths.toml`` (none if the file is absent); each id must be a known problem."""
    path = Path(root) / PATHS_FILE
    if not path.is_file():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProblemError(path, "toml", str(exc)) from None
    specs, seen = [], set()
    for i, entry in enumerate(data.get("paths", [])):
        where = f"paths[{i}]"
        if not isinstance(entry, dict) or set(entry) != {"slug", "title", "description", "problems"}:
            raise ProblemError(path, where, "needs exactly slug, title, description and problems")
        if not isinstance(entry["slug"], str) or not _SLUG.match(entry["slug"]) or entry["slug"] in seen:
            raise ProblemError(path, where, f"slug {entry['slug']!r} must be unique, lower-case letters, digits, -")
        seen.add(entry["slug"])
        ids = entry["problems"]
        if not ids or not all(isinstance(x, int) and not isinstance(x, bool) for x in ids) or len(set(ids)) != len(ids):
            raise ProblemError(path, where, "problems must be a non-empty list of distinct problem ids")
        unknown = [x for x in ids if x not in known_ids]
        if unknown:
            raise ProblemError(path, where, f"unknown problem id(s) {', '.join(map(str, unknown))}")
        specs.append(PathSpec(entry["slug"], entry["title"].strip(), entry["description"].strip(), tuple(ids)))
    return specs
