"""The load bench at a small size (CI): simulated learners through gunicorn, Celery, Redis and PostgreSQL,
calm and then with one abusive learner; every submission (the abuser's too) reaches a final verdict, no
request gets a 5xx, and the abuser's refusals are 429s, not errors. `./dev bench load` runs it full size."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def sibling(url: str, last: str) -> str:
    """`url` with its last path part (database name, Redis db number) replaced."""
    return url.rsplit("/", 1)[0] + "/" + last


@pytest.mark.services
@pytest.mark.slow
def test_a_small_load_run_with_an_abusive_learner_leaves_no_submission_without_a_verdict(lite_data):
    env = {
        **os.environ,
        # Its own database and queue: never the suite's test database or the developer's.
        "DATABASE_URL": sibling(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x"),
                                "unwind_load_ci"),
        "REDIS_URL": sibling(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), "11"),
        "UNWIND_DATA_DIR": str(lite_data),
    }
    proc = subprocess.run(
        [sys.executable, "bench/load.py", "--learners", "4", "--seconds", "8", "--ramp", "2", "--problems", "2",
         "--think", "0.5", "--abuser-runs", "3", "--abuser-submits", "1"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=400,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "submissions without a final verdict: 0" in proc.stdout
    assert "submit -> verdict (sql)" in proc.stdout
    assert "phase: calm" in proc.stdout
    assert "phase: one abusive learner" in proc.stdout
    assert "abuser submits accepted / refused (429)" in proc.stdout
