"""Build time, rows and peak memory per dataset and profile (all variants), from a clean folder.

    ./dev bench build_datasets [--profile lite|full|both]

Each profile is built by `python -m datasets build` in a child process (so its peak memory is its
own) into a temporary folder; the per-dataset lines it prints are summed over the variants.
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(\w+) (\w+) variant (\d+): (\d+) rows in \d+ tables, ([\d.]+)s$")


def build(profile: str) -> None:
    with tempfile.TemporaryDirectory() as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "datasets", "build", "--profile", profile, "--out", out],
                              cwd=REPO, capture_output=True, text=True, check=True)
        wall = time.perf_counter() - t0
        peak_mib = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    rows: dict[str, list[int]] = defaultdict(list)
    seconds: dict[str, float] = defaultdict(float)
    for line in proc.stdout.splitlines():
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
