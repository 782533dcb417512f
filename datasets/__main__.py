"""``python -m datasets build --profile lite|full [--only D02 ...] [--out DIR]``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from datasets.build import build, default_data_dir
from datasets.registry import DATASETS
from datasets.universe import PROFILES


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m datasets", description="Build Unwind's datasets.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="generate datasets (and their dependencies) for every variant")
    b.add_argument(
        "--profile", required=True, choices=PROFILES, help="lite (fast, for tests) or full (the site)"
    )
    b.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="ID",
        help=f"dataset id(s) to build; repeat or comma-separate ({', '.join(DATASETS)}); default all",
    )
    b.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"output root (default $UNWIND_DATA_DIR or {default_data_dir()})",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    args = _parser().parse_args(argv)
    only = [part.strip().upper() for item in args.only for part in item.split(",") if part.strip()]
    unknown = [i for i in only if i not in DATASETS]
    if unknown:
        print(
            f"error: unknown dataset id(s): {', '.join(unknown)}; known: {', '.join(DATASETS)}",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    build(args.profile, only or None, args.out)
    print(f"done in {time.perf_counter() - started:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
