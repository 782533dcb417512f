"""`python -m grader run|grade`: a stable JSON contract that other tools rely on.

This module is the one place where the grader meets the problem files and the built datasets: the
library itself knows only the database paths it is handed.

    python -m grader run   --dataset D02 --lang sql --code-file F   -> {status, columns, rows, row_count,
                                                                        truncated, error, elapsed_ms}
    python -m grader grade --problem 3   --lang sql --code-file F   -> {verdict, message, diff, elapsed_ms}

Exit status is 0 whenever a verdict was produced, 2 for bad arguments, 1 when the tool itself failed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from grader.expected_cache import ExpectedCache
from grader.grading import Grader
from grader.job import LANGUAGES, DatasetVariant, Job


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code = _read_code(args.code_file)
    except OSError as exc:
        print(f"error: cannot read {args.code_file}: {exc.strerror}", file=sys.stderr)
        return 2
    data_root = Path(args.data_dir) if args.data_dir else _datasets().default_data_dir()
    grader = Grader(cache=ExpectedCache(data_root / "cache" / "expected" / args.profile),
                    roots=(data_root / args.profile,))
    if args.command == "run":
        variant = _variants(args.dataset, data_root, args.profile)[0]
        result = grader.run(code, args.lang, variant.path)
        _print(result.to_jsonable(display_rows=args.max_rows))
        grader.close()
        return 0
    from problems import ProblemError, load_all

    try:
        spec = next((p for p in load_all() if p.id == args.problem), None)
    except ProblemError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if spec is None:
        print(f"error: no problem with id {args.problem}", file=sys.stderr)
        return 2
    job = Job(
        code=code,
        language=args.lang,
        reference=spec.solutions[spec.reference_language],
        reference_language=spec.reference_language,
        variants=_variants(spec.dataset, data_root, args.profile),
        options=spec.grading,
        problem_version=spec.version,
        mistakes=spec.mistakes,
    )
    result = grader.grade(job)
    grader.close()
    out = result.to_jsonable()
    _print({k: out[k] for k in ("verdict", "message", "diff", "elapsed_ms", "provenance")})
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m grader", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, target, help_text in (
        ("run", "--dataset", "run code on a dataset's visible variant and print the result"),
        ("grade", "--problem", "grade code against a problem on every variant and print the verdict"),
    ):
        cmd = sub.add_parser(name, help=help_text)
        if name == "run":
            cmd.add_argument(target, required=True, help="dataset id, e.g. D02")
            cmd.add_argument("--max-rows", type=int, default=1000, help="rows to print (default 1000)")
        else:
            cmd.add_argument(target, required=True, type=int, help="problem id, e.g. 3")
        cmd.add_argument("--lang", required=True, choices=LANGUAGES)
        cmd.add_argument("--code-file", required=True, help="file with the code, or - for standard input")
        cmd.add_argument("--profile", default=os.environ.get("UNWIND_DATA_PROFILE", "lite"))
        cmd.add_argument("--data-dir", default=None, help="built data root (default: data/ or UNWIND_DATA_DIR)")
    return parser


def _read_code(name: str) -> str:
    raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    return raw.decode("utf-8", errors="replace")


def _datasets():
    import datasets

    return datasets


def _variants(dataset_id: str, root: Path, profile: str) -> tuple[DatasetVariant, ...]:
    ds = _datasets()
    if not ds.dataset_file(root, profile, dataset_id, 0).is_file():
        # A fresh clone has no built data yet: build what this call needs (seconds on lite).
        print(f"building {profile} dataset {dataset_id} into {root} …", file=sys.stderr)
        with contextlib.redirect_stdout(sys.stderr):  # stdout carries only the JSON answer
            ds.build(profile, [dataset_id], root)
    manifest = ds.load_manifest(root, profile)
    return tuple(
        DatasetVariant(v, ds.dataset_file(root, profile, dataset_id, v), manifest.dataset_hash(dataset_id, v))
        for v in ds.VARIANTS
    )


def _print(obj: dict[str, Any]) -> None:
    json.dump(obj, sys.stdout, default=str, ensure_ascii=False)
    sys.stdout.write("\n")
