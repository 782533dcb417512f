"""The hostile cases: one file each under `cases/`, with a header that states what it may get.

A case's leading comment lines (`#` for Python, `--` for SQL) are its header, as `key: value`:

- `expect:` (first line, required): the verdicts it may get with every layer on.
- `unrestricted:` (Python): the verdicts it may get with layer 1 off (layers 2 and 3 alone). Without
  it, any verdict but INTERNAL_ERROR: code that gets past layer 1 may run harmlessly.
- `layer1: stops`: layer 1 on its own stops it (RestrictedPython in-process for Python, the
  statement policy for SQL), so the in-process test runs it.

INTERNAL_ERROR is never an allowed verdict: hostile code is the learner's doing, never ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from grader import Verdict

CASES_DIR = Path(__file__).resolve().parent / "cases"
NAME = re.compile(r"^(\d{3})-[a-z0-9][a-z0-9-]*\.(py|sql)$")
HEADER_KEYS = {"expect", "unrestricted", "layer1", "ruff"}


class CaseFileError(ValueError):
    """A case file's name or header is malformed."""


@dataclass(frozen=True)
class Case:
    path: Path
    language: str  # "python" or "sql"
    code: str
    expect: frozenset[Verdict]
    unrestricted: frozenset[Verdict] | None
    layer1_stops: bool

    @property
    def name(self) -> str:
        return self.path.stem

    def __str__(self) -> str:
        return self.name


def _verdicts(raw: str, where: str) -> frozenset[Verdict]:
    names = [v.strip() for v in raw.split(",") if v.strip()]
    if not names:
        raise CaseFileError(f"{where}: lists no verdict")
    try:
        verdicts = frozenset(Verdict(v) for v in names)
    except ValueError as exc:
        raise CaseFileError(f"{where}: {exc}") from None
    if Verdict.INTERNAL_ERROR in verdicts:
        raise CaseFileError(f"{where}: INTERNAL_ERROR is never an acceptable outcome of hostile code")
    return verdicts


def parse_case(path: Path) -> Case:
    match = NAME.match(path.name)
    if not match:
        raise CaseFileError(f"{path.name}: a case is named NNN-short-name.py or .sql")
    language = "python" if match.group(2) == "py" else "sql"
    marker = "#" if language == "python" else "--"
    code = path.read_text()
    header: dict[str, str] = {}
    for line in code.splitlines():
        if not line.startswith(marker):
            break
        key, sep, value = line[len(marker):].strip().partition(":")
        if not sep or key.strip() not in HEADER_KEYS:
            break
        header[key.strip()] = value.strip()
    first = code.splitlines()[0] if code else ""
    if not first.startswith(f"{marker} expect:"):
        raise CaseFileError(f"{path.name}: the first line must be '{marker} expect: VERDICT[, VERDICT…]'")
    if header.get("layer1", "stops") != "stops":
        raise CaseFileError(f"{path.name}: 'layer1:' can only say 'stops'")
    unrestricted = header.get("unrestricted")
    if unrestricted is not None and language != "python":
        raise CaseFileError(f"{path.name}: 'unrestricted:' is for Python cases (layer 1 off)")
    return Case(
        path=path,
        language=language,
        code=code,
        expect=_verdicts(header["expect"], f"{path.name} expect"),
        unrestricted=_verdicts(unrestricted, f"{path.name} unrestricted") if unrestricted else None,
        layer1_stops="layer1" in header,
    )


def load_cases(language: str | None = None) -> list[Case]:
    cases = [parse_case(p) for p in sorted(CASES_DIR.iterdir()) if p.suffix in (".py", ".sql")]
    return [c for c in cases if language is None or c.language == language]
