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


MISTAKE = '\n[[mistakes]]\nfile = "mistakes/times-ten.sql"\nmessage = "Dollars, not dimes."\n'


def with_mistake_file(folder, name="times-ten.sql", code="SELECT 10"):
    (folder / "mistakes").mkdir(exist_ok=True)
    (folder / "mistakes" / name).write_text(code)
    return folder


def test_known_mistakes_load_with_their_language_and_message(tmp_path):
    folder = with_mistake_file(make_problem_dir(tmp_path, toml=TOML.replace("[grading]", MISTAKE + "[grading]")))
    (mistake,) = load_problem(folder).mistakes
    assert (mistake.name, mistake.language, mistake.code, mistake.message) == (
        "times-ten", "sql", "SELECT 10", "Dollars, not dimes.")


def test_a_known_mistake_whose_file_is_missing_names_the_file(tmp_path):
    folder = make_problem_dir(tmp_path, toml=TOML.replace("[grading]", MISTAKE + "[grading]"))
    with pytest.raises(ProblemError, match=r"times-ten\.sql: mistakes\[0\]: file is missing"):
        load_problem(folder)


def test_a_known_mistake_outside_the_folder_is_refused(tmp_path):
    toml = TOML.replace("[grading]", MISTAKE.replace("mistakes/times-ten.sql", "../x.sql") + "[grading]")
    (tmp_path / "x.sql").write_text("SELECT 1")
    with pytest.raises(ProblemError, match=r"inside the problem folder"):
        load_problem(make_problem_dir(tmp_path, toml=toml))


def test_a_known_mistake_without_a_message_is_refused(tmp_path):
    toml = TOML.replace("[grading]", '\n[[mistakes]]\nfile = "mistakes/times-ten.sql"\n[grading]')
    folder = with_mistake_file(make_problem_dir(tmp_path, toml=toml))
    with pytest.raises(ProblemError, match=r"mistakes\[0\]: needs exactly 'file' and 'message'"):
        load_problem(folder)


def test_the_version_changes_when_a_known_mistake_changes(tmp_path):
    folder = with_mistake_file(make_problem_dir(tmp_path, toml=TOML.replace("[grading]", MISTAKE + "[grading]")))
    before = load_problem(folder).version
    with_mistake_file(folder, code="SELECT 100")
    assert load_problem(folder).version != before


def test_reveal_after_defaults_and_must_be_positive(tmp_path):
    assert load_problem(make_problem_dir(tmp_path)).reveal_after >= 1
    with pytest.raises(ProblemError, match="reveal_after"):
        load_problem(make_problem_dir(tmp_path, name="008-eight", toml=TOML.replace("id = 7", "id = 8").replace(
            'slug = "seven"', 'slug = "eight"').replace("[grading]", "reveal_after = 0\n[grading]")))


def test_an_explanation_file_is_loaded_when_present(tmp_path):
    folder = make_problem_dir(tmp_path)
    (folder / "explanation.md").write_text("Why the window is 60 rows.")
    assert load_problem(folder).explanation_md == "Why the window is 60 rows."
