"""The problem-file loader: valid folders load; each bad file fails naming the file and field."""

import pytest

from problems import ProblemError, load_all, load_problem

TOML = """id = 7
slug = "seven"
title = "Seven"
dataset = "D02"
difficulty = "medium"
topics = ["LAG"]
[grading]
order_matters = true
"""


def make_problem_dir(root, name="007-seven", toml=TOML, statement="Compute it.", sql="SELECT 1", py=None):
    folder = root / name
    folder.mkdir()
    (folder / "problem.toml").write_text(toml)
    if statement is not None:
        (folder / "statement.md").write_text(statement)
    if sql is not None:
        (folder / "solution.sql").write_text(sql)
    if py is not None:
        (folder / "solution.py").write_text(py)
    return folder


def test_a_valid_folder_loads_with_its_options(tmp_path):
    spec = load_problem(make_problem_dir(tmp_path))
    assert (spec.id, spec.slug, spec.dataset, spec.difficulty) == (7, "seven", "D02", "medium")
    assert spec.grading.order_matters is True
    assert spec.languages == ("sql",)
    assert spec.reference_language == "sql"


def test_languages_follow_the_solution_files(tmp_path):
    spec = load_problem(make_problem_dir(tmp_path, py="result = 1"))
    assert spec.languages == ("sql", "python")


def test_the_version_changes_when_a_file_changes(tmp_path):
    folder = make_problem_dir(tmp_path)
    before = load_problem(folder).version
    (folder / "solution.sql").write_text("SELECT 2")
    assert load_problem(folder).version != before


@pytest.mark.parametrize(
    ("toml", "field"),
    [
        (TOML.replace('title = "Seven"\n', ""), "title"),
        (TOML.replace("id = 7", "id = 8"), "id"),
        (TOML.replace('slug = "seven"', 'slug = "six"'), "slug"),
        (TOML.replace('"medium"', '"brutal"'), "difficulty"),
        (TOML.replace('"D02"', '"daily bars"'), "dataset"),
        (TOML.replace('["LAG"]', "[]"), "topics"),
        (TOML.replace("order_matters = true", "order_maters = true"), "grading"),
        ("colour = 'red'\n" + TOML, "colour"),
        ("id = 7\ntitle = [", "toml"),
    ],
)
def test_a_bad_field_fails_naming_file_and_field(tmp_path, toml, field):
    with pytest.raises(ProblemError) as err:
        load_problem(make_problem_dir(tmp_path, toml=toml))
    assert err.value.field_name == field
    assert "problem.toml" in str(err.value)


def test_a_missing_statement_is_named(tmp_path):
    with pytest.raises(ProblemError, match=r"statement\.md"):
        load_problem(make_problem_dir(tmp_path, statement=None))


def test_a_problem_needs_a_reference_solution(tmp_path):
    with pytest.raises(ProblemError, match="solution"):
        load_problem(make_problem_dir(tmp_path, sql=None))


def test_a_badly_named_folder_is_refused(tmp_path):
    with pytest.raises(ProblemError, match="folder"):
        load_problem(make_problem_dir(tmp_path, name="seven"))


def test_duplicate_ids_are_refused(tmp_path):
    make_problem_dir(tmp_path)
    make_problem_dir(tmp_path, name="007-seven-again", toml=TOML.replace('"seven"', '"seven-again"'))
    with pytest.raises(ProblemError, match="also used"):
        load_all(tmp_path)


def test_every_problem_in_the_repository_loads():
    specs = load_all()
    assert {1, 3, 4, 5} <= {s.id for s in specs}
