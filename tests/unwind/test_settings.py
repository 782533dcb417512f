"""Production settings pass Django's deployment checks, and refuse to start without a secret key."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def manage(args, tmp_path, **env):
    # The test process itself allows async-unsafe ORM use for Playwright; a deployment never does.
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return subprocess.run([sys.executable, str(REPO / "manage.py"), *args], cwd=REPO, capture_output=True,
                          text=True, env={**base, "UNWIND_VAR_DIR": str(tmp_path), **env}, timeout=120)


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    proc = manage(["check", "--deploy", "--fail-level", "WARNING"], tmp_path, UNWIND_PRODUCTION="true",
                  SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="unwind.example")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    proc = manage(["check"], tmp_path, UNWIND_PRODUCTION="true", ALLOWED_HOSTS="unwind.example")
    assert proc.returncode != 0
    assert "SECRET_KEY must be set" in proc.stderr
