"""The commands: each takes parsed arguments and a Client, prints, and returns an exit code."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from pathlib import Path

from unwind_cli.client import ApiError, Client, load_config, save_config

POLL_LIMIT_S = 120.0


def _language(path: Path, given: str | None) -> str:
    return given or ("python" if path.suffix == ".py" else "sql")


def _table(columns: list, rows: list, limit: int = 20) -> str:
    cells = [[str(c) for c in columns]] + [["NULL" if v is None else str(v) for v in r] for r in rows[:limit]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def login(args, client: Client | None) -> int:
    token = args.token or os.environ.get("UNWIND_TOKEN") or getpass.getpass("Token (from /account/tokens/): ")
    probe = Client(args.url, token.strip())
    progress = probe.get("progress")
    path = save_config(args.url, token.strip())
    print(f"Logged in to {args.url} ({progress['solved']} of {progress['total']} solved); token kept in {path}")
    return 0


def problems(args, client: Client) -> int:
    query = "&".join(f"{k}={v}" for k in ("difficulty", "dataset", "status", "q") if (v := getattr(args, k)))
    for p in client.get("problems" + (f"?{query}" if query else "")):
        mark = "✓" if p["solved"] else ("·" if p["tried"] else " ")
        print(f"{mark} {p['id']:>4}  {p['difficulty']:<6}  {p['dataset_id']:<4}  {p['title']}")
    return 0


def show(args, client: Client) -> int:
    p = client.get(f"problems/{args.problem}")
    print(f"{p['id']}. {p['title']}  [{p['difficulty']}; {', '.join(p['languages'])}]\n")
    print(p["statement_md"].strip() + "\n")
    for group in p["tables"]:
        for t in group["tables"]:
            print(f"{t['name']}: " + ", ".join(f"{c['name']} {c.get('type', '')}".strip() for c in t["columns"]))
    return 0


def _wait(client: Client, path: str) -> dict:
    deadline = time.monotonic() + POLL_LIMIT_S
    item = client.get(path)
    while item["status"] != "DONE":
        if time.monotonic() > deadline:
            raise ApiError(0, f"no answer after {POLL_LIMIT_S:.0f} s; look again with the id {item['id']}")
        time.sleep(max(item.get("poll_after_ms", 200), 50) / 1000)
        item = client.get(path)
    return item


def run(args, client: Client) -> int:
    path = Path(args.file)
    started = client.post(f"problems/{args.problem}/runs",
                          {"code": path.read_text(), "language": _language(path, args.language)})
    result = _wait(client, f"runs/{started['id']}")["result"]
    if result["status"] != "ok":
        print(f"{result['status']}: {result.get('error') or ''}".rstrip())
        return 1
    print(_table(result["columns"], result["rows"]))
    print(f"({result['row_count']} row{'s' if result['row_count'] != 1 else ''}"
          f"{', truncated' if result.get('truncated') else ''})")
    return 0


def _print_diff(diff: dict) -> None:
    if diff.get("known_mistake"):
        print(f"This looks like a common mistake: {diff['known_mistake']['message']}")
    kind = diff.get("kind")
    if kind == "columns":
        for label in ("missing", "extra", "expected_columns"):
            if diff.get(label):
                print(f"{label.replace('_', ' ')}: {', '.join(diff[label])}")
    elif kind in ("cells", "order") and diff.get("cells"):
        print(_table(["row", "column", "expected", "yours"],
                     [[m["row"] + 1, m["column"], m["expected"], m["actual"]] for m in diff["cells"]]))
    elif diff.get("expected_rows") is not None:
        print(f"rows: expected {diff['expected_rows']}, yours {diff['actual_rows']}")
        for label, title in (("missing", "expected rows missing from yours"), ("extra", "rows not expected")):
            if diff.get(label):
                print(f"{title}:\n" + _table(diff.get("header", []), diff[label]))
    else:
        print(json.dumps(diff, indent=2))


def submit(args, client: Client) -> int:
    path = Path(args.file)
    made = client.post(f"problems/{args.problem}/submissions",
                       {"code": path.read_text(), "language": _language(path, args.language)})
    print(f"submission {made['id']} queued; waiting for the verdict…", file=sys.stderr)
    done = _wait(client, f"submissions/{made['id']}")
    print(f"{done['verdict']}: {done['message']}")
    if done.get("diff"):
        _print_diff(done["diff"])
    return 0 if done["verdict"] == "ACCEPTED" else 1


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m unwind_cli", description="Unwind from the terminal.")
    sub = top.add_subparsers(dest="command", required=True)
    p = sub.add_parser("login", help="store a personal access token")
    p.add_argument("--url", default=os.environ.get("UNWIND_URL", "http://127.0.0.1:8000"))
    p.add_argument("--token", help="the token (else $UNWIND_TOKEN, else asked for)")
    p = sub.add_parser("problems", help="list problems")
    for name in ("difficulty", "dataset", "status", "q"):
        p.add_argument(f"--{name}")
    p = sub.add_parser("show", help="a problem's statement and tables")
    p.add_argument("problem", type=int)
    for name, text in (("run", "run a file on the visible data"), ("submit", "submit a file and wait for the verdict")):
        p = sub.add_parser(name, help=text)
        p.add_argument("problem", type=int)
        p.add_argument("file")
        p.add_argument("--language", choices=["sql", "python"])
    return top


COMMANDS = {"login": login, "problems": problems, "show": show, "run": run, "submit": submit}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    client = None
    if args.command != "login":
        config = load_config()
        if not config.get("token"):
            print("Not logged in: run `python -m unwind_cli login` first.", file=sys.stderr)
            return 2
        client = Client(config["url"], config["token"])
    try:
        return COMMANDS[args.command](args, client)
    except ApiError as exc:
        print(f"error{f' {exc.status}' if exc.status else ''}: {exc}", file=sys.stderr)
        return 1
