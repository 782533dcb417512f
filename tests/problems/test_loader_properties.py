"""Property tests for the problem-file loader: whatever an author (or a bad merge) puts in a problem
folder, the loader either returns a ProblemSpec or raises ProblemError naming the file; and every
well-formed folder loads with exactly the fields it was written with."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from problems import ProblemError, load_problem
from problems.loader import DIFFICULTIES

FOLDER = "007-seven"
VALID = {"id": 7, "slug": "seven", "title": "Seven", "dataset": "D02", "difficulty": "easy", "topics": ["LAG"]}
FIELDS = ["id", "slug", "title", "dataset", "difficulty", "topics", "grading", "hints", "why_it_matters",
          "mistakes", "reveal_after"]
# No example database: the tree is shared and CI starts clean anyway.
PROPERTIES = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
scalars = st.one_of(text, st.integers(-(2**63), 2**63 - 1), st.booleans(),
                    st.floats(allow_nan=False), st.dates())
toml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
    max_leaves=12,
)


def toml_value(value: object) -> str:
    """A value as inline TOML (the stdlib reads TOML but does not write it)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, float):
        return repr(value)  # inf and -inf are TOML too
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return str(value)  # int, date


def toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped, the rest as is."""
    return '"' + "".join(c if c >= " " and c not in '"\\\x7f' else f"\\u{ord(c):04x}" for c in value) + '"'


def toml_document(meta: dict) -> str:
    return "".join(f"{toml_string(k)} = {toml_value(v)}\n" for k, v in meta.items())


def load_folder(toml: str | bytes, extra_files: dict[str, bytes] | None = None):
    """Write a problem folder with this problem.toml (a statement and a solution beside it) and load it."""
    root = Path(tempfile.mkdtemp(prefix="unwind-loader-"))
    try:
        folder = root / FOLDER
        folder.mkdir()
        (folder / "problem.toml").write_bytes(toml.encode() if isinstance(toml, str) else toml)
        (folder / "statement.md").write_text("Compute it.")
        (folder / "solution.sql").write_text("SELECT 1")
        for name, content in (extra_files or {}).items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        return load_problem(folder)
    finally:
        shutil.rmtree(root)


def loads_or_refuses(toml: str | bytes, extra_files: dict[str, bytes] | None = None) -> None:
    try:
        load_folder(toml, extra_files)
    except ProblemError as err:
        message = str(err)
    else:
        return
    assert "problem.toml" in message or FOLDER in message


@PROPERTIES
@given(st.text(max_size=400))
def test_any_text_in_problem_toml_loads_or_raises_problem_error(toml):
    loads_or_refuses(toml)


@PROPERTIES
@given(st.binary(max_size=200))
def test_any_bytes_in_problem_toml_load_or_raise_problem_error(raw):
    loads_or_refuses(raw)


@PROPERTIES
@given(st.dictionaries(st.sampled_from(FIELDS) | text, toml_values, max_size=8))
def test_any_well_formed_toml_document_loads_or_raises_problem_error(meta):
    loads_or_refuses(toml_document({**VALID, **meta}))


@PROPERTIES
@given(st.lists(st.one_of(toml_values, st.fixed_dictionaries({"file": text, "message": text})), max_size=3))
@example([{"file": "a\x00b.sql", "message": "nul"}])
@example([{"file": "x" * 300 + ".sql", "message": "long"}])
@example([{"file": "../../../etc/passwd.sql", "message": "outside"}])
def test_any_mistakes_table_loads_or_raises_problem_error(mistakes):
    loads_or_refuses(toml_document({**VALID, "mistakes": mistakes}), {"mistakes/real.sql": b"SELECT 2"})


@PROPERTIES
@given(st.dictionaries(text, toml_values, max_size=4))
def test_any_grading_table_loads_or_raises_problem_error(grading):
    loads_or_refuses(toml_document({**VALID, "grading": grading}))


slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)
valid_meta = st.fixed_dictionaries(
    {
        "id": st.integers(0, 999),
        "slug": slugs,
        "title": text.filter(str.strip),
        "dataset": st.from_regex(r"D\d{2}|R\d", fullmatch=True),
        "difficulty": st.sampled_from(DIFFICULTIES),
        "topics": st.lists(text.filter(str.strip), min_size=1, max_size=4),
    },
    optional={
        "hints": st.lists(text, max_size=3),
        "why_it_matters": text,
        "reveal_after": st.integers(1, 1000),
        "grading": st.fixed_dictionaries({}, optional={"order_matters": st.booleans(),
                                                       "abs_tol": st.floats(0, 1), "rel_tol": st.floats(0, 1)}),
    },
)


@PROPERTIES
@given(valid_meta, st.booleans(), st.booleans())
def test_a_valid_generated_folder_loads_with_the_fields_it_was_written_with(meta, with_sql, with_python):
    root = Path(tempfile.mkdtemp(prefix="unwind-loader-"))
    try:
        folder = root / f"{meta['id']:03d}-{meta['slug']}"
        folder.mkdir()
        (folder / "problem.toml").write_text(toml_document(meta), encoding="utf-8")
        (folder / "statement.md").write_text("Compute it.", encoding="utf-8")
        if with_sql or not with_python:
            (folder / "solution.sql").write_text("SELECT 1", encoding="utf-8")
        if with_python:
            (folder / "solution.py").write_text("result = 1", encoding="utf-8")
        spec = load_problem(folder)
    finally:
        shutil.rmtree(root)
    assert (spec.id, spec.slug, spec.dataset, spec.difficulty) == (
        meta["id"], meta["slug"], meta["dataset"], meta["difficulty"])
    assert spec.title == meta["title"].strip()
    assert spec.topics == tuple(t.strip() for t in meta["topics"])
    assert spec.hints == tuple(meta.get("hints", ()))
    assert spec.languages == tuple(lang for lang, on in (("sql", with_sql or not with_python),
                                                         ("python", with_python)) if on)
    assert spec.grading_raw == meta.get("grading", {})
