"""Reads and validates problem folders into ProblemSpec objects."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.compare import CompareOptions
from grader.job import KnownMistake

PROBLEMS_DIR = Path(__file__).resolve().parent
DIFFICULTIES = ("easy", "medium", "hard")
SOLUTION_FILES = {"sql": "solution.sql", "python": "solution.py"}
_FOLDER = re.compile(r"^(\d{3})-([a-z0-9][a-z0-9-]*)$")
_DATASET = re.compile(r"^(D\d{2}|R\d)$")
_REQUIRED = {"id": int, "slug": str, "title": str, "dataset": str, "difficulty": str, "topics": list}
_OPTIONAL = {"grading": dict, "hints": list, "why_it_matters": str, "mistakes": list, "reveal_after": int}
MISTAKE_LANGUAGES = {".sql": "sql", ".py": "python"}
DEFAULT_REVEAL_AFTER = 10
"""Wrong attempts after which the reference solutions are shown even without an accepted answer."""


class ProblemError(ValueError):
    """A problem file is invalid; the message names the file and the field at fault."""

    def __init__(self, path: Path, field_name: str, problem: str) -> None:
        self.path, self.field_name = path, field_name
        super().__init__(f"{path}: {field_name}: {problem}")


@dataclass(frozen=True)
class ProblemSpec:
    """One validated problem. `version` changes whenever any of its files changes."""

    id: int
    slug: str
    title: str
    dataset: str
    difficulty: str
    topics: tuple[str, ...]
    statement_md: str
    solutions: dict[str, str]
    grading: CompareOptions
    grading_raw: dict[str, Any]
    version: str
    path: Path
    hints: tuple[str, ...] = field(default=())
    why_it_matters: str = ""
    mistakes: tuple[KnownMistake, ...] = field(default=())
    explanation_md: str = ""
    reveal_after: int = DEFAULT_REVEAL_AFTER

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in SOLUTION_FILES if lang in self.solutions)

    @property
    def reference_language(self) -> str:
        """The language whose reference defines the expected result (SQL when there is one)."""
        return "sql" if "sql" in self.solutions else "python"


def load_problem(folder: Path) -> ProblemSpec:
    """Load and validate one problem folder."""
    folder = Path(folder)
    match = _FOLDER.match(folder.name)
    if not match:
        raise ProblemError(folder, "folder", "name must look like '001-some-slug'")
    meta_path = folder / "problem.toml"
    if not meta_path.is_file():
        raise ProblemError(meta_path, "problem.toml", "file is missing")
    try:
        meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProblemError(meta_path, "toml", str(exc)) from None

    for key, kind in _REQUIRED.items():
        if key not in meta:
            raise ProblemError(meta_path, key, "is required")
        if not isinstance(meta[key], kind) or (kind is int and isinstance(meta[key], bool)):
            raise ProblemError(meta_path, key, f"must be {kind.__name__}, got {type(meta[key]).__name__}")
    for key, kind in _OPTIONAL.items():
        if key in meta and not isinstance(meta[key], kind):
            raise ProblemError(meta_path, key, f"must be {kind.__name__}, got {type(meta[key]).__name__}")
    unknown = set(meta) - set(_REQUIRED) - set(_OPTIONAL)
    if unknown:
        raise ProblemError(meta_path, ", ".join(sorted(unknown)), "unknown field")

    if meta["id"] != int(match.group(1)):
        raise ProblemError(meta_path, "id", f"is {meta['id']} but the folder says {int(match.group(1))}")
    if meta["slug"] != match.group(2):
        raise ProblemError(meta_path, "slug", f"is {meta['slug']!r} but the folder says {match.group(2)!r}")
    if not _DATASET.match(meta["dataset"]):
        raise ProblemError(meta_path, "dataset", f"{meta['dataset']!r} is not a dataset id like 'D02'")
    if meta["difficulty"] not in DIFFICULTIES:
        raise ProblemError(meta_path, "difficulty", f"must be one of {', '.join(DIFFICULTIES)}")
    if not meta["title"].strip():
        raise ProblemError(meta_path, "title", "is empty")
    if not meta["topics"] or not all(isinstance(t, str) and t.strip() for t in meta["topics"]):
        raise ProblemError(meta_path, "topics", "must be a non-empty list of strings")
    if not all(isinstance(h, str) for h in meta.get("hints", [])):
        raise ProblemError(meta_path, "hints", "must be a list of strings")
    try:
        grading = CompareOptions.from_mapping(meta.get("grading", {}))
    except (ValueError, TypeError) as exc:
        raise ProblemError(meta_path, "grading", str(exc)) from None

    statement_path = folder / "statement.md"
    if not statement_path.is_file():
        raise ProblemError(statement_path, "statement.md", "file is missing")
    statement = _read_text(statement_path)
    if not statement.strip():
        raise ProblemError(statement_path, "statement.md", "is empty")

    solutions = {}
    for language, name in SOLUTION_FILES.items():
        path = folder / name
        if path.is_file():
            code = _read_text(path)
            if not code.strip():
                raise ProblemError(path, name, "is empty")
            solutions[language] = code
    if not solutions:
        raise ProblemError(folder, "solution", "needs solution.sql or solution.py")
    reveal_after = meta.get("reveal_after", DEFAULT_REVEAL_AFTER)
    if isinstance(reveal_after, bool) or reveal_after < 1:
        raise ProblemError(meta_path, "reveal_after", "must be a whole number of attempts >= 1")
    explanation_path = folder / "explanation.md"
    explanation = _read_text(explanation_path) if explanation_path.is_file() else ""

    return ProblemSpec(
        id=meta["id"],
        slug=meta["slug"],
        title=meta["title"].strip(),
        dataset=meta["dataset"],
        difficulty=meta["difficulty"],
        topics=tuple(t.strip() for t in meta["topics"]),
        statement_md=statement,
        solutions=solutions,
        grading=grading,
        grading_raw=dict(meta.get("grading", {})),
        version=_version(folder),
        path=folder,
        hints=tuple(meta.get("hints", ())),
        why_it_matters=meta.get("why_it_matters", ""),
        mistakes=_mistakes(folder, meta_path, meta.get("mistakes", [])),
        explanation_md=explanation,
        reveal_after=reveal_after,
    )


def _mistakes(folder: Path, meta_path: Path, entries: list) -> tuple[KnownMistake, ...]:
    """The ``[[mistakes]]`` tables: each names a wrong solution file under the folder and its message."""
    mistakes, names = [], set()
    for i, entry in enumerate(entries):
        where = f"mistakes[{i}]"
        if not isinstance(entry, dict) or set(entry) != {"file", "message"}:
            raise ProblemError(meta_path, where, "needs exactly 'file' and 'message'")
        if not all(isinstance(entry[k], str) and entry[k].strip() for k in ("file", "message")):
            raise ProblemError(meta_path, where, "'file' and 'message' must be non-empty strings")
        try:  # a NUL byte or an over-long name is a bad entry, not a crash
            path = (folder / entry["file"]).resolve()
            inside = folder.resolve() in path.parents and path.suffix in MISTAKE_LANGUAGES
            exists = inside and path.is_file()
        except (OSError, ValueError) as exc:
            raise ProblemError(meta_path, where, f"'file' is not a usable path ({exc})") from None
        if not inside:
            raise ProblemError(meta_path, where, "'file' must be a .sql or .py file inside the problem folder")
        if not exists:
            raise ProblemError(path, where, "file is missing")
        if path.stem in names:
            raise ProblemError(meta_path, where, f"another mistake is also named {path.stem!r}")
        names.add(path.stem)
        code = _read_text(path)
        if not code.strip():
            raise ProblemError(path, where, "is empty")
        mistakes.append(KnownMistake(path.stem, MISTAKE_LANGUAGES[path.suffix], code, entry["message"].strip()))
    return tuple(mistakes)


def load_all(root: Path = PROBLEMS_DIR) -> list[ProblemSpec]:
    """Load every problem folder under `root`, sorted by id; ids and slugs must be unique."""
    specs = [load_problem(p) for p in sorted(Path(root).iterdir()) if p.is_dir() and _FOLDER.match(p.name)]
    seen: dict[int, Path] = {}
    for spec in specs:
        if spec.id in seen:
            raise ProblemError(spec.path, "id", f"{spec.id} is also used by {seen[spec.id]}")
        seen[spec.id] = spec.path
    return specs


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ProblemError(path, path.name, f"is not UTF-8 text ({exc.reason})") from None


def _version(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
