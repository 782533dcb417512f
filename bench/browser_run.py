"""Run in the browser: time from the click on Run to the result table on screen, on lite data.

    ./dev bench browser_run [--n 30] [--problem 3]

Needs PostgreSQL and Redis (bench database), and Debian's Chromium. Starts gunicorn on 127.0.0.1:8765
against the bench database, logs a learner in with Playwright, puts the problem's SQL reference in the
editor and clicks Run N times; each figure is measured in the page (performance.now() from the click to
the result's table being in the DOM), so it includes the request, the sandboxed run and the swap.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import urllib.request

from harness import REPO, percentile, setup

PORT = 8765
CLICK_TO_TABLE = """async () => {
  const out = document.getElementById('output');
  const t0 = performance.now();
  const done = new Promise(resolve => new MutationObserver((_, obs) => {
    if (out.querySelector('.run-result table, .run-result .error-text')) { obs.disconnect(); resolve(); }
  }).observe(out, {childList: true, subtree: true}));
  out.innerHTML = '';
  document.getElementById('run-btn').click();
  await done;
  return performance.now() - t0;
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--problem", type=int, default=3)
    args = parser.parse_args()
    setup()
    from accounts.models import User
    from catalog.models import Problem

    user, _ = User.objects.get_or_create(username="bench-browser")
    user.set_password("bench-browser-pw")
    user.save()
    problem = Problem.objects.get(pk=args.problem)
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'platform'}:{REPO}", "RATE_LIMIT_RUNS_PER_MINUTE": "10000"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "unwind.wsgi", "--bind", f"127.0.0.1:{PORT}",
                               "--workers", "2", "--threads", "4"], cwd=REPO, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{PORT}/accounts/login/")
            page.get_by_label("User name").fill("bench-browser")
            page.get_by_label("Password").fill("bench-browser-pw")
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(f"http://127.0.0.1:{PORT}/")
            page.goto(f"http://127.0.0.1:{PORT}/problems/{problem.pk}/")
            page.locator("[data-testid=editor]").wait_for()
            page.evaluate("code => window.UnwindEditor.instances[0].setValue(code)", problem.reference)
            for _ in range(3):  # warm: the web process's sandbox starts, the data is paged in
                page.evaluate(CLICK_TO_TABLE)
            times = [page.evaluate(CLICK_TO_TABLE) for _ in range(args.n)]
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"problem {problem.pk} ({problem.reference_language}), {args.n} runs: click -> result table "
          f"p50 {percentile(times, 0.5):.0f} ms, p95 {percentile(times, 0.95):.0f} ms, max {max(times):.0f} ms")


if __name__ == "__main__":
    main()
