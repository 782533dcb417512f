"""Build time, rows and peak memory per dataset and profile (all variants), from a clean folder.

    ./dev bench build_datasets [--profile lite|full|both]

Each profile is built by `python -m datasets build` in a child process into a temporary folder; the
build runs its variants in parallel processes, so peak memory is the largest sum of the resident memory
of the build and its workers, sampled every 20 ms. The per-dataset lines it prints are summed over the
variants ("build s" is CPU-side time per dataset, summed over variants that ran side by side).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(\w+) (\w+) variant (\d+): (\d+) rows in \d+ tables, ([\d.]+)s$")


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of `pid` and all its descendants (Linux /proc), in KiB."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration):
            continue
    return total


def build(profile: str) -> None:
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "datasets", "build", "--profile", profile, "--out", out],
                                cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        peak = 0

        def sample() -> None:
            nonlocal peak
            while proc.poll() is None:
                peak = max(peak, _tree_rss_kib(proc.pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stdout, stderr = proc.communicate()
        wall = time.perf_counter() - t0
        sampler.join()
        if proc.returncode:
            raise SystemExit(f"build failed:\n{stderr}")
        peak_mib = peak / 1024
    rows: dict[str, list[int]] = defaultdict(list)
    seconds: dict[str, float] = defaultdict(float)
    for line in stdout.splitlines():
        m = LINE.match(line.strip())
        if m:
            rows[m[2]].append(int(m[4]))
            seconds[m[2]] += float(m[5])
    print(f"\nprofile {profile}: {wall:.1f} s wall for everything, peak memory {peak_mib:.0f} MiB")
    print(f"{'dataset':<8} {'rows (visible)':>15} {'rows (all variants)':>20} {'build s':>8}")
    for did in rows:
        print(f"{did:<8} {rows[did][0]:>15,} {sum(rows[did]):>20,} {seconds[did]:>8.2f}")
    print(f"{'total':<8} {sum(r[0] for r in rows.values()):>15,} {sum(map(sum, rows.values())):>20,} "
          f"{sum(seconds.values()):>8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profile", choices=("lite", "full", "both"), default="both")
    args = parser.parse_args()
    for profile in ("lite", "full") if args.profile == "both" else (args.profile,):
        build(profile)


if __name__ == "__main__":
    main()
