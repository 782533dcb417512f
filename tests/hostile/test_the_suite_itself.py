"""The hostile suite checks itself: its case files are well formed, it covers enough, every known
hole names a real case, and its canaries are live (so "nothing leaked" is not vacuous)."""

from __future__ import annotations

import os
import socket
from collections import Counter

import pytest

from tests.hostile.arena import CANARY_DIR, CANARY_ENV, REDIS_REPLY
from tests.hostile.casefiles import CASES_DIR, CaseFileError, load_cases, parse_case
from tests.hostile.holes import HOLES


def test_every_case_file_has_a_valid_name_and_header():
    files = sorted(p for p in CASES_DIR.iterdir() if not p.name.startswith("."))
    cases = [parse_case(p) for p in files]  # raises CaseFileError on the first bad one
    numbers = Counter(c.name[:3] for c in cases)
    assert [n for n, k in numbers.items() if k > 1] == [], "case numbers must be unique"


def test_there_are_enough_cases_in_both_languages():
    by_language = Counter(c.language for c in load_cases())
    assert by_language["python"] >= 40
    assert by_language["sql"] >= 25
    assert sum(by_language.values()) >= 60


def test_internal_error_is_never_an_expected_verdict(tmp_path):
    bad = tmp_path / "999-blame-the-grader.sql"
    bad.write_text("-- expect: ERROR, INTERNAL_ERROR\nSELECT 1")
    with pytest.raises(CaseFileError, match="INTERNAL_ERROR"):
        parse_case(bad)


def test_every_known_hole_names_a_real_case_and_test():
    names = {c.name: c for c in load_cases()}
    for (test, name), reason in HOLES.items():
        assert test in ("every-layer", "layers-2-3", "layer-1", "no-sandbox"), test
        assert name in names, f"{name} is not a case"
        assert reason.startswith("HOLE: "), reason
        if test == "layer-1":
            assert names[name].layer1_stops, f"{name} is not run by the layer-1 test"
        if test == "layers-2-3":
            assert names[name].language == "python", f"{name}: layers 2+3 alone run only Python"
        if test == "no-sandbox":
            assert names[name].language == "sql", f"{name}: only SQL runs without the sandbox"


def test_the_canaries_are_planted_where_the_grader_can_see_them(canary):
    assert (CANARY_DIR / "secret.txt").read_text().strip() == canary.token
    assert os.environ[CANARY_ENV] == canary.token
    assert canary.files_touched() == []


def test_redis_answers_the_grader_so_a_missing_reply_means_something():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            reply = conn.recv(100).decode()
    except OSError:
        pytest.skip("Redis is not running on 127.0.0.1:6379 here")
    assert REDIS_REPLY in reply
