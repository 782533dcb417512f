"""Decide whether a learner's result equals the reference's, and say what to fix when it doesn't.

How values are compared
-----------------------
Every column is first given a *kind* from the Python types of its non-NULL values:

========== =====================================================================================
number     int, float, Decimal, numpy integers/floats: equal when
           ``abs(a - b) <= max(abs_tol, rel_tol * max(|a|, |b|))``; +-inf only equals itself
bool       bool, numpy.bool_ (never equal to a number: ``True`` is not ``1`` here)
text       str, including pandas' string dtype; compared exactly (``"1.5"`` is not ``1.5``)
datetime   date, datetime, pd.Timestamp, numpy.datetime64, compared as an instant at microsecond
           precision: a date is its midnight, tz-aware values are taken in UTC and naive ones are
           read as UTC
time       datetime.time (microseconds since midnight)
interval   timedelta, pd.Timedelta, numpy.timedelta64 (microseconds)
list       list, tuple, numpy arrays: element by element with the same rules, recursively
other      dicts, bytes, UUIDs, and columns mixing several kinds: value by value, recursively
========== =====================================================================================

None, NaN, pd.NA and NaT are NULL. A column that is entirely NULL fits any kind. Two columns of
different kinds are a type mismatch, reported as such ("column ret: expected numbers, got text").

How rows are matched when order doesn't matter
----------------------------------------------
1. Rows of both tables are grouped by a key in which each number is rounded to a grid ten times
   coarser than its tolerance; rows with the same key are paired in the order of their raw values
   and checked with the real tolerance. Equal tables differing only by float noise pair up here.
2. Whatever is left (a number that straddled a grid line, or rows that really differ) goes to an
   exact maximum bipartite matching: candidate partners come from the same exact-column group within
   the tolerance window of one numeric column, and augmenting paths may re-pair rows from step 1, so
   a tolerance-equal multiset is always recognised. The only approximation: when more than
   ``_MAX_CANDIDATES`` rows of one group sit inside one row's tolerance window, only the nearest ones
   are considered.

Both steps are numpy-vectorised; the matching's Python loop only walks rows that are left over.
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np
import pandas as pd

from grader.table import ResultTable, jsonable_value

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["COLUMNS_MATCHED_KINDS", "CompareOptions", "Comparison", "compare"]

DiffKind = Literal["columns", "row_count", "rows", "cells", "order", "types"]
# The kinds of a wrong answer that returned the expected columns (only their values, count or types
# differ): an attempt at the problem rather than a probe such as `SELECT 0`.
COLUMNS_MATCHED_KINDS: frozenset[str] = frozenset(get_args(DiffKind)) - {"columns"}

MAX_EXAMPLE_ROWS = 5
MAX_CELLS = 10
# Caps the tolerance-window candidates per row in the matching (see the module doc).
_MAX_CANDIDATES = 64

_HIDDEN_HINT = "This usually means a hard-coded value or an assumption that only holds on the visible data."


@dataclass(frozen=True)
class CompareOptions:
    """How a problem's results are compared; stored per problem as a JSON mapping.

    ``match_columns="name"`` matches columns by name, case-insensitively and in any order;
    ``"position"`` matches the i-th column with the i-th and ignores names.
    """

    order_matters: bool = False
    match_columns: Literal["name", "position"] = "name"
    abs_tol: float = 1e-9
    rel_tol: float = 1e-6
    null_equals_null: bool = True

    def __post_init__(self) -> None:
        for name in ("order_matters", "null_equals_null"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(
                    f"compare option {name!r} must be true or false, got {getattr(self, name)!r}"
                )
        if self.match_columns not in ("name", "position"):
            raise ValueError(
                f"compare option 'match_columns' must be 'name' or 'position', got {self.match_columns!r}"
            )
        for name in ("abs_tol", "rel_tol"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"compare option {name!r} must be a number, got {value!r}")
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"compare option {name!r} must be a finite number >= 0, got {value!r}")
            object.__setattr__(self, name, float(value))

    @classmethod
    def from_mapping(cls, m: Mapping[str, object] | None) -> CompareOptions:
        """Options from a problem's JSON; missing keys take their defaults.

        Raises ValueError naming the key when a key is unknown or its value has the wrong type.
        """
        if m is None:
            return cls()
        if not isinstance(m, Mapping):
            raise ValueError(f"compare options must be a mapping, got {type(m).__name__}")
        known = [f.name for f in fields(cls)]
        for key in m:
            if key not in known:
                raise ValueError(f"unknown compare option {key!r}; known options: {', '.join(known)}")
        return cls(**dict(m))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Comparison:
    """The outcome of :func:`compare`.

    ``diff`` is None when equal; otherwise a JSON-serialisable dict with at least ``kind`` (one of
    columns, row_count, types, rows, cells, order), ``message`` and ``columns`` (the column names the
    difference is in, possibly empty). The other keys depend on the kind and are left out when
    ``reveal`` is false.
    """

    equal: bool
    message: str
    diff: dict[str, Any] | None = field(default=None)

    @property
    def kind(self) -> str | None:
        """The diff's kind, or None when equal."""
        return None if self.diff is None else self.diff["kind"]


def compare(
    expected: ResultTable,
    actual: ResultTable,
    options: CompareOptions | None = None,
    *,
    reveal: bool = True,
) -> Comparison:
    """Compare a learner's result (``actual``) with the reference (``expected``).

    Differences are reported in this order, the first that applies: wrong column set
    (``columns``), wrong row count (``row_count``), incompatible column types (``types``), then
    values: ``rows`` (missing/extra rows) when order doesn't matter, ``cells`` (first mismatched
    cells, ``row`` being a 0-based index) or ``order`` (right rows, wrong order) when it does.

    With ``reveal=False`` (hidden grading variants) neither the message nor the diff contains any
    value or count from either table: only the kind and column names.
    """
    options = options or CompareOptions()
    mapping, columns_diff = _align_columns(expected.columns, actual.columns, options.match_columns)
    if columns_diff is not None:
        return _unequal(columns_diff, reveal)

    if _fast_equal(expected, actual, mapping, options):
        return _EQUAL

    names = expected.columns
    ematrix, amatrix = _matrix(expected), _matrix(actual)
    n_e, n_a = len(expected.rows), len(actual.rows)
    epairs: list[tuple[_Col, _Col]] = []
    type_problems = []
    for i, (name, j) in enumerate(zip(names, mapping, strict=True)):
        e, a = _Col.build(ematrix[:, i]), _Col.build(amatrix[:, j])
        e, a, ok = _unify(e, a)
        if not ok:
            type_problems.append(
                {"column": name, "expected": _KIND_NAMES[e.kind], "actual": _KIND_NAMES[a.kind]}
            )
        epairs.append((e, a))
    ctx = _Context(names, epairs, options, n_e, n_a)

    if n_e != n_a:
        return _unequal(_row_count_diff(ctx, can_match=not type_problems), reveal)
    if type_problems:
        return _unequal(_types_diff(type_problems), reveal)
    if options.order_matters:
        return _compare_ordered(ctx, reveal)
    match = _match_rows(ctx)
    if not match.missing.size and not match.extra.size:
        return _EQUAL
    return _unequal(_rows_diff(ctx, match), reveal)


# --------------------------------------------------------------------------------------------------
# Columns


def _align_columns(
    expected: Sequence[str], actual: Sequence[str], how: str
) -> tuple[list[int], dict[str, Any] | None]:
    """For each expected column the index of its actual column, or a ``columns`` diff."""
    if how == "position":
        if len(expected) == len(actual):
            return list(range(len(expected))), None
        message = f"Expected {_plural(len(expected), 'column')}, got {len(actual)}."
        return [], {
            "kind": "columns",
            "message": message,
            "hidden_detail": "number of columns",
            "columns": [],
            "expected_columns": list(expected),
            "actual_columns": list(actual),
            "missing": [],
            "extra": [],
        }
    by_name: dict[str, list[int]] = {}
    for j, name in enumerate(actual):
        by_name.setdefault(name.casefold(), []).append(j)
    mapping: list[int] = []
    missing: list[str] = []
    for name in expected:
        slots = by_name.get(name.casefold())
        if slots:
            mapping.append(slots.pop(0))
        else:
            missing.append(name)
    used = set(mapping)
    extra = [name for j, name in enumerate(actual) if j not in used]
    if not missing and not extra:
        return mapping, None
    parts, hidden = [], []
    if missing:
        parts.append(f"is missing {_plural_word(len(missing), 'column')} {_names(missing)}")
        hidden.append(f"missing {_names(missing)}")
    if extra:
        parts.append(f"has unexpected {_plural_word(len(extra), 'column')} {_names(extra)}")
        # Counted, not named: a result's column names can be made from its data (a pivot, a DataFrame).
        hidden.append(f"{_plural(len(extra), 'unexpected column')}")
    message = f"Your result {' and '.join(parts)}. Expected columns: {_names(expected)}."
    return [], {
        "kind": "columns",
        "message": message,
        "hidden_detail": f"columns: {'; '.join(hidden)}",
        "columns": missing + extra,
        "expected_columns": list(expected),
        "actual_columns": list(actual),
        "missing": missing,
        "extra": extra,
    }


def _matrix(table: ResultTable) -> np.ndarray:
    """The cells as an (n_rows, n_columns) object array; cells that are lists stay single cells."""
    n, width = len(table.rows), len(table.columns)
    cells = itertools.chain.from_iterable(table.rows)
    return np.fromiter(cells, dtype=object, count=n * width).reshape(n, width)


# --------------------------------------------------------------------------------------------------
# Fast path

_BOOLS = frozenset({bool, np.bool_})
_BOOLISH = _BOOLS | {type(None)}
_CONTAINERS = (list, tuple, dict, np.ndarray)


def _fast_equal(
    expected: ResultTable, actual: ResultTable, mapping: list[int], options: CompareOptions
) -> bool:
    """True only when the rows are ==-identical in order and == cannot have blurred a distinction.

    Python's == says ``True == 1`` and ``None == None``, so the shortcut is refused when bools meet
    other types in a column, when containers (which could hide such bools) appear, or when NULLs
    must not match.
    """
    if not options.null_equals_null or len(expected.rows) != len(actual.rows):
        return False
    if mapping != list(range(len(actual.columns))):
        return False
    try:
        if expected.rows != actual.rows:
            return False
    except (TypeError, ValueError):  # pd.NA or an array refused to become a bool
        return False
    types = set(map(type, itertools.chain.from_iterable(expected.rows)))
    types |= set(map(type, itertools.chain.from_iterable(actual.rows)))
    if any(issubclass(t, _CONTAINERS) for t in types):
        return False
    if not types & _BOOLS:
        return True
    for j in range(len(mapping)):
        etypes = {type(row[j]) for row in expected.rows}
        atypes = {type(row[j]) for row in actual.rows}
        if (etypes | atypes) & _BOOLS and not (etypes == atypes and etypes <= _BOOLISH):
            return False
    return True


# --------------------------------------------------------------------------------------------------
# Column normalisation

_EPOCH = dt.datetime(1970, 1, 1)
_EPOCH_ORDINAL = _EPOCH.toordinal()
_US_PER_DAY = 86_400_000_000
_ONE_US = dt.timedelta(microseconds=1)

_KIND_NAMES = {
    "null": "only NULLs",
    "number": "numbers",
    "bool": "true/false values",
    "text": "text",
    "datetime": "dates/timestamps",
    "time": "times of day",
    "interval": "time intervals",
    "list": "lists",
    "other": "mixed or other values",
}
_EXACT_KINDS = frozenset({"bool", "text", "datetime", "time", "interval"})
_GENERIC_KINDS = frozenset({"list", "other"})

_kind_cache: dict[type, str] = {}


def _kind_of_type(t: type) -> str:
    kind = _kind_cache.get(t)
    if kind is None:
        if issubclass(t, (bool, np.bool_)):
            kind = "bool"
        elif issubclass(t, (int, float, decimal.Decimal, np.integer, np.floating)):
            kind = "number"
        elif issubclass(t, str):
            kind = "text"
        elif issubclass(t, (dt.date, np.datetime64)):  # datetime and pd.Timestamp are dates too
            kind = "datetime"
        elif issubclass(t, dt.time):
            kind = "time"
        elif issubclass(t, (dt.timedelta, np.timedelta64)):
            kind = "interval"
        elif issubclass(t, (list, tuple, np.ndarray)):
            kind = "list"
        else:
            kind = "other"
        _kind_cache[t] = kind
    return kind


@dataclass
class _Col:
    """One column, normalised.

    ``values`` is float64 for number/bool, int64 microseconds for datetime/time/interval, and an
    object array (str for text, hashable canonical keys for list/other) otherwise; NULL slots hold
    0 / "" / None and are flagged in ``null``. ``raw`` keeps the original values for display.
    """

    kind: str
    null: np.ndarray
    values: np.ndarray
    raw: np.ndarray

    @classmethod
    def build(cls, column: np.ndarray) -> _Col:
        raw = np.ascontiguousarray(column)
        null = _null_mask(raw)
        present = raw[~null] if null.any() else raw
        kinds = {_kind_of_type(t) for t in set(map(type, present.tolist()))}
        if not kinds:
            kind = "null"
        elif len(kinds) == 1:
            kind = kinds.pop()
        else:
            kind = "other"
        return cls(kind, null, _values_for(kind, present, null), raw)

    def as_kind(self, kind: str) -> _Col:
        """An all-NULL column re-typed to ``kind`` so it lines up with its counterpart."""
        n = len(self.null)
        return _Col(kind, np.ones(n, dtype=bool), _empty_values(kind, n), self.raw)


def _null_mask(raw: np.ndarray) -> np.ndarray:
    try:
        mask = pd.isna(raw)
    except (TypeError, ValueError):
        mask = np.fromiter((_is_null(v) for v in raw), dtype=bool, count=len(raw))
    return np.asarray(mask, dtype=bool)


def _empty_values(kind: str, n: int) -> np.ndarray:
    if kind in ("number", "bool"):
        return np.zeros(n, dtype=np.float64)
    if kind in ("datetime", "time", "interval"):
        return np.zeros(n, dtype=np.int64)
    if kind == "text":
        return np.full(n, "", dtype=object)
    return np.full(n, None, dtype=object)


def _values_for(kind: str, present: np.ndarray, null: np.ndarray) -> np.ndarray:
    out = _empty_values(kind, len(null))
    if not len(present):
        return out
    if kind in ("number", "bool"):
        converted: np.ndarray = present.astype(np.float64)
    elif kind == "text":
        converted = present
    elif kind == "datetime":
        converted = _datetimes_us(present)
    elif kind == "time":
        converted = np.fromiter((_time_us(v) for v in present), dtype=np.int64, count=len(present))
    elif kind == "interval":
        converted = _intervals_us(present)
    else:
        converted = np.fromiter((_canon(v) for v in present), dtype=object, count=len(present))
    if null.any():
        out[~null] = converted
    else:
        out = converted if converted.dtype == out.dtype else converted.astype(out.dtype)
    return out


def _datetimes_us(values: np.ndarray) -> np.ndarray:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            index = pd.to_datetime(values, utc=True)
        return np.asarray(index.as_unit("us").asi8, dtype=np.int64)
    except (ValueError, TypeError, OverflowError):  # e.g. DuckDB's 'infinity' date, 9999-12-31
        return np.fromiter((_datetime_us(v) for v in values), dtype=np.int64, count=len(values))


def _intervals_us(values: np.ndarray) -> np.ndarray:
    try:
        return np.asarray(pd.to_timedelta(values).as_unit("us").asi8, dtype=np.int64)
    except (ValueError, TypeError, OverflowError):
        return np.fromiter((_interval_us(v) for v in values), dtype=np.int64, count=len(values))


def _datetime_us(v: object) -> int:
    if isinstance(v, np.datetime64):
        return int(v.astype("datetime64[us]").astype(np.int64))
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime(warn=False)
    if isinstance(v, dt.datetime):
        if v.tzinfo is not None and v.utcoffset() is not None:
            v = v.astimezone(dt.UTC).replace(tzinfo=None)
        return (v.replace(tzinfo=None) - _EPOCH) // _ONE_US
    if isinstance(v, dt.date):
        return (v.toordinal() - _EPOCH_ORDINAL) * _US_PER_DAY
    raise TypeError(f"not a date: {v!r}")


def _time_us(v: dt.time) -> int:
    us = ((v.hour * 60 + v.minute) * 60 + v.second) * 1_000_000 + v.microsecond
    offset = v.utcoffset()
    if offset is not None:
        us -= offset // _ONE_US
    return us


def _interval_us(v: object) -> int:
    if isinstance(v, np.timedelta64):
        return int(v.astype("timedelta64[us]").astype(np.int64))
    if isinstance(v, dt.timedelta):
        return v // _ONE_US
    raise TypeError(f"not an interval: {v!r}")


def _unify(e: _Col, a: _Col) -> tuple[_Col, _Col, bool]:
    """Line the two columns' kinds up; the flag is False for a type mismatch."""
    if e.kind == a.kind == "null":
        return e.as_kind("number"), a.as_kind("number"), True
    if e.kind == a.kind:
        return e, a, True
    if a.kind == "null":
        return e, a.as_kind(e.kind), True
    if e.kind == "null":
        return e.as_kind(a.kind), a, True
    if e.kind in _GENERIC_KINDS and a.kind in _GENERIC_KINDS:
        return _Col("other", e.null, e.values, e.raw), _Col("other", a.null, a.values, a.raw), True
    return e, a, False


# --------------------------------------------------------------------------------------------------
# Scalar rules, used for list/other columns (and for nothing on the vectorised paths)


def _is_null(v: object) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, (float, np.floating)):
        return math.isnan(v)
    if isinstance(v, decimal.Decimal):
        return v.is_nan()
    if isinstance(v, (np.datetime64, np.timedelta64)):
        return bool(np.isnat(v))
    return False


def _numbers_close(a: float, b: float, options: CompareOptions) -> bool:
    if a == b:
        return True
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= max(options.abs_tol, options.rel_tol * max(abs(a), abs(b)))


def _scalar_key(v: object) -> tuple[str, object]:
    """(kind, comparable value) for a non-NULL scalar."""
    kind = _kind_of_type(type(v))
    if kind == "number":
        return kind, float(v)  # type: ignore[arg-type]
    if kind == "bool":
        return kind, bool(v)
    if kind == "datetime":
        return kind, _datetime_us(v)
    if kind == "time":
        return kind, _time_us(v)  # type: ignore[arg-type]
    if kind == "interval":
        return kind, _interval_us(v)
    return kind, v


def _generic_equal(a: object, b: object, options: CompareOptions) -> bool:
    a_null, b_null = _is_null(a), _is_null(b)
    if a_null or b_null:
        return a_null and b_null and options.null_equals_null
    ka, va = _scalar_key(a)
    kb, vb = _scalar_key(b)
    if ka != kb:
        return False
    if ka == "number":
        return _numbers_close(va, vb, options)  # type: ignore[arg-type]
    if ka == "list":
        seq_a, seq_b = list(va), list(vb)  # type: ignore[call-overload]
        return len(seq_a) == len(seq_b) and all(
            _generic_equal(x, y, options) for x, y in zip(seq_a, seq_b, strict=True)
        )
    if isinstance(va, dict) and isinstance(vb, dict):
        return va.keys() == vb.keys() and all(_generic_equal(va[k], vb[k], options) for k in va)
    try:
        return bool(va == vb)
    except (TypeError, ValueError):
        return False


def _canon(v: object) -> object:
    """A hashable key, equal for equal values, with numbers rounded (only ever used to sort/group)."""
    if _is_null(v):
        return ("null",)
    kind, value = _scalar_key(v)
    if kind == "number":
        return (kind, float(np.round(value, 6)))  # type: ignore[call-overload]
    if kind == "list":
        return (kind, tuple(_canon(x) for x in value))  # type: ignore[attr-defined]
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), repr(_canon(x))) for k, x in value.items())))
    try:
        hash(value)
    except TypeError:
        return (kind, type(value).__name__, repr(value))
    return (kind, type(value).__name__, value)


# --------------------------------------------------------------------------------------------------
# Row matching


@dataclass
class _Context:
    names: tuple[str, ...]
    pairs: list[tuple[_Col, _Col]]
    options: CompareOptions
    n_e: int
    n_a: int


@dataclass
class _Match:
    match_e: np.ndarray  # for each expected row, the actual row it matched, or -1
    missing: np.ndarray  # expected rows without a partner
    extra: np.ndarray  # actual rows without a partner


def _cells_equal(e: _Col, a: _Col, ie: np.ndarray, ia: np.ndarray, options: CompareOptions) -> np.ndarray:
    """Element-wise equality of ``e`` at rows ``ie`` and ``a`` at rows ``ia``."""
    en, an = e.null[ie], a.null[ia]
    kind = e.kind
    if kind == "number":
        x, y = e.values[ie], a.values[ia]
        with np.errstate(invalid="ignore", over="ignore"):
            tol = np.maximum(options.abs_tol, options.rel_tol * np.maximum(np.abs(x), np.abs(y)))
            close = np.isfinite(x) & np.isfinite(y) & (np.abs(x - y) <= tol)
        eq = (x == y) | close
    elif kind in _EXACT_KINDS:
        eq = np.asarray(e.values[ie] == a.values[ia], dtype=bool)
    else:
        eq = np.fromiter(
            (_generic_equal(p, q, options) for p, q in zip(e.raw[ie], a.raw[ia], strict=True)),
            dtype=bool,
            count=len(ie),
        )
    eq = eq & ~(en | an)
    if options.null_equals_null:
        eq |= en & an
    return eq


def _rows_equal(ctx: _Context, ie: np.ndarray, ia: np.ndarray) -> np.ndarray:
    eq = np.ones(len(ie), dtype=bool)
    for e, a in ctx.pairs:
        if not eq.any():
            break
        eq &= _cells_equal(e, a, ie, ia, ctx.options)
    return eq


def _quantise(v: np.ndarray, options: CompareOptions) -> np.ndarray:
    """Round each number to a power-of-ten grid at least ten times its tolerance."""
    with np.errstate(all="ignore"):
        tol = np.maximum(options.abs_tol, options.rel_tol * np.abs(v))
        grid = 10.0 ** (np.ceil(np.log10(tol)) + 1)
        q = np.round(v / grid) * grid
    return np.where(np.isfinite(q) & (tol > 0), q, v)


def _joint_codes(e: np.ndarray, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    codes, _ = pd.factorize(np.concatenate([e, a]), use_na_sentinel=False)
    return codes[: len(e)], codes[len(e) :]


def _sort_keys(ctx: _Context, *, exact_only: bool) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Group keys over expected rows followed by actual rows, plus raw tie-breakers.

    ``exact_only`` leaves out numbers (only their NULL flags stay) and list/other columns, whose
    equality is tolerant: those rows are then told apart by the candidate check instead.
    """
    keys: list[np.ndarray] = []
    ties: list[np.ndarray] = []
    for e, a in ctx.pairs:
        keys.append(np.concatenate([e.null, a.null]))
        if e.kind == "number":
            raw = np.concatenate([e.values, a.values])
            ties.append(raw)
            if not exact_only:
                keys.append(_quantise(raw, ctx.options))
        elif e.kind in _GENERIC_KINDS:
            if not exact_only:
                ce, ca = _joint_codes(e.values, a.values)
                keys.append(np.concatenate([ce, ca]))
        elif e.kind == "text":
            ce, ca = _joint_codes(e.values, a.values)
            keys.append(np.concatenate([ce, ca]))
        else:
            keys.append(np.concatenate([e.values, a.values]))
    return keys, ties


def _group_ids(keys: list[np.ndarray], n: int) -> np.ndarray:
    """Dense ids, equal exactly for rows equal on every key (ids are in no particular order)."""
    gid = np.zeros(n, dtype=np.int64)
    size = 1
    for key in keys:
        if key.dtype == bool:
            codes, m = key.astype(np.int64), 2
        else:
            codes, uniques = pd.factorize(key)
            m = len(uniques)
        if m <= 1:
            continue
        if size * m >= 2**62:  # re-densify before the mixed-radix id could overflow
            gid, uniques = pd.factorize(gid)
            size = len(uniques)
        gid = gid * m + codes
        size *= m
    # Always dense: callers size arrays by the largest id (bincount) and multiply ids by a width.
    return pd.factorize(gid)[0].astype(np.int64, copy=False)


def _ranked(gid: np.ndarray, ties: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows sorted by (group, tie-breakers), with their group and rank inside it.

    Tie-breakers only matter inside groups of more than one row, so only those rows pay for them.
    """
    order = np.argsort(gid, kind="stable")
    g = gid[order]
    n = len(g)
    starts = np.ones(n, dtype=bool)
    starts[1:] = g[1:] != g[:-1]
    first = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
    if ties:
        shared = np.bincount(g)[g] > 1
        if shared.any():
            sub = order[shared]
            order[shared] = sub[np.lexsort([*(t[sub] for t in reversed(ties)), gid[sub]])]
    return order, g, np.arange(n) - first


def _match_rows(ctx: _Context) -> _Match:
    n_e, n_a = ctx.n_e, ctx.n_a
    match_e = np.full(n_e, -1, dtype=np.int64)
    match_a = np.full(n_a, -1, dtype=np.int64)
    if n_e and n_a:
        _pair_by_rounded_key(ctx, match_e, match_a)
        free_e = np.flatnonzero(match_e < 0)
        if free_e.size and (match_a < 0).any():
            _augment(ctx, match_e, match_a, free_e)
    return _Match(match_e, np.flatnonzero(match_e < 0), np.flatnonzero(match_a < 0))


def _pair_by_rounded_key(ctx: _Context, match_e: np.ndarray, match_a: np.ndarray) -> None:
    n_e, n_a = ctx.n_e, ctx.n_a
    keys, ties = _sort_keys(ctx, exact_only=False)
    gid = _group_ids(keys, n_e + n_a)
    g_count = int(gid.max()) + 1 if gid.size else 1
    oe, ge, re = _ranked(gid[:n_e], [t[:n_e] for t in ties])
    oa, ga, ra = _ranked(gid[n_e:], [t[n_e:] for t in ties])
    both = np.minimum(np.bincount(ge, minlength=g_count), np.bincount(ga, minlength=g_count))
    ie = oe[re < both[ge]]
    ia = oa[ra < both[ga]]
    ok = _rows_equal(ctx, ie, ia)
    match_e[ie[ok]] = ia[ok]
    match_a[ia[ok]] = ie[ok]


def _candidates(ctx: _Context) -> tuple[np.ndarray, np.ndarray]:
    """Candidate (expected row, actual row) pairs: same exact-column group, inside one tolerance window."""
    n_e, n_a = ctx.n_e, ctx.n_a
    keys, _ = _sort_keys(ctx, exact_only=True)
    gid = _group_ids(keys, n_e + n_a)
    g_e, g_a = gid[:n_e], gid[n_e:]

    numeric = [(e, a) for e, a in ctx.pairs if e.kind == "number"]
    if numeric:
        # The window column is the one that best tells rows apart.
        e, a = max(numeric, key=lambda p: len(np.unique(p[0].values)))
        w_e, w_a = e.values, a.values
        rel = ctx.options.rel_tol
        with np.errstate(all="ignore"):
            reach = np.maximum(ctx.options.abs_tol, rel * np.abs(w_e) / (1 - rel)) if rel < 1 else np.inf
            reach = reach * (1 + 1e-9) + np.finfo(np.float64).tiny
            lo = np.where(np.isfinite(w_e), w_e - reach, w_e)
            hi = np.where(np.isfinite(w_e), w_e + reach, w_e)
    else:
        w_e, w_a = np.zeros(n_e), np.zeros(n_a)
        lo, hi = w_e, w_e

    # Turn (group, value) into one sortable integer: group * width + rank of the value.
    universe = np.sort(np.concatenate([w_a, lo, hi, w_e]))
    width = len(universe) + 1
    key_a = g_a * width + np.searchsorted(universe, w_a)
    order_a = np.argsort(key_a, kind="stable")
    key_a = key_a[order_a]
    start = np.searchsorted(key_a, g_e * width + np.searchsorted(universe, lo), side="left")
    stop = np.searchsorted(key_a, g_e * width + np.searchsorted(universe, hi), side="right")
    centre = np.searchsorted(key_a, g_e * width + np.searchsorted(universe, w_e), side="left")
    wide = stop - start > _MAX_CANDIDATES
    if wide.any():
        s = np.clip(centre - _MAX_CANDIDATES // 2, start, stop - _MAX_CANDIDATES)
        start = np.where(wide, s, start)
        stop = np.where(wide, s + _MAX_CANDIDATES, stop)
    counts = np.maximum(stop - start, 0)
    total = int(counts.sum())
    ie = np.repeat(np.arange(n_e), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    ia = order_a[np.repeat(start, counts) + offsets]
    return ie, ia


def _augment(ctx: _Context, match_e: np.ndarray, match_a: np.ndarray, free_e: np.ndarray) -> None:
    """Grow the matching to a maximum one with augmenting paths (Kuhn, phases sharing visited sets)."""
    ie, ia = _candidates(ctx)
    ok = _rows_equal(ctx, ie, ia)
    ie, ia = ie[ok], ia[ok]
    if not ie.size:
        return
    # ie is sorted, so the edges are already grouped by expected row.
    indptr = np.zeros(ctx.n_e + 1, dtype=np.int64)
    np.cumsum(np.bincount(ie, minlength=ctx.n_e), out=indptr[1:])
    has_edges = indptr[1:] > indptr[:-1]
    free = [int(u) for u in free_e if has_edges[u]]
    if not free:
        return
    adj = ia.tolist()
    ptr_start = indptr.tolist()
    me = match_e.tolist()
    ma = match_a.tolist()
    while free:
        seen_e: set[int] = set()
        seen_a: set[int] = set()
        still_free = []
        for root in free:
            if root in seen_e or not _augment_from(root, adj, ptr_start, me, ma, seen_e, seen_a):
                still_free.append(root)
        if len(still_free) == len(free):
            break
        free = still_free
    match_e[:] = me
    match_a[:] = ma


def _augment_from(
    root: int,
    adj: list[int],
    indptr: list[int],
    me: list[int],
    ma: list[int],
    seen_e: set[int],
    seen_a: set[int],
) -> bool:
    seen_e.add(root)
    stack = [root]
    ptr = {root: indptr[root]}
    while stack:
        u = stack[-1]
        i = ptr[u]
        if i == indptr[u + 1]:
            stack.pop()
            continue
        ptr[u] = i + 1
        v = adj[i]
        if v in seen_a:
            continue
        seen_a.add(v)
        w = ma[v]
        if w == -1:
            for x in stack:  # each row on the stack takes the partner it was last trying
                y = adj[ptr[x] - 1]
                me[x] = y
                ma[y] = x
            return True
        if w not in seen_e:
            seen_e.add(w)
            ptr[w] = indptr[w]
            stack.append(w)
    return False


# --------------------------------------------------------------------------------------------------
# Diffs


def _row_count_diff(ctx: _Context, *, can_match: bool) -> dict[str, Any]:
    message = f"Expected {_plural(ctx.n_e, 'row')}, got {ctx.n_a}."
    diff: dict[str, Any] = {
        "kind": "row_count",
        "message": message,
        "hidden_detail": "number of rows",
        "columns": [],
        "expected_rows": ctx.n_e,
        "actual_rows": ctx.n_a,
    }
    if can_match:
        match = _match_rows(ctx)
        diff["header"] = list(ctx.names)
        diff["missing"] = _example_rows(ctx, match.missing, expected_side=True)
        diff["extra"] = _example_rows(ctx, match.extra, expected_side=False)
        diff["missing_count"] = int(match.missing.size)
        diff["extra_count"] = int(match.extra.size)
        detail = _missing_extra_phrase(int(match.missing.size), int(match.extra.size))
        if detail:
            diff["message"] = f"{message[:-1]}: {detail}."
    return diff


def _types_diff(problems: list[dict[str, str]]) -> dict[str, Any]:
    names = [p["column"] for p in problems]
    parts = [f"column {p['column']}: expected {p['expected']}, got {p['actual']}" for p in problems]
    message = "; ".join(parts)
    return {
        "kind": "types",
        "message": message[0].upper() + message[1:] + ".",
        "hidden_detail": f"type of {_plural_word(len(names), 'column')} {_names(names)}",
        "columns": names,
        "types": problems,
    }


def _rows_diff(ctx: _Context, match: _Match) -> dict[str, Any]:
    columns = _differing_columns(ctx, match)
    phrase = _missing_extra_phrase(int(match.missing.size), int(match.extra.size))
    where = f"; check {_plural_word(len(columns), 'column')} {_names(columns)}" if columns else ""
    return {
        "kind": "rows",
        "message": f"{phrase[0].upper()}{phrase[1:]}{where}.",
        "hidden_detail": _values_in(columns),
        "columns": columns,
        "header": list(ctx.names),
        "missing": _example_rows(ctx, match.missing, expected_side=True),
        "extra": _example_rows(ctx, match.extra, expected_side=False),
        "missing_count": int(match.missing.size),
        "extra_count": int(match.extra.size),
    }


def _compare_ordered(ctx: _Context, reveal: bool) -> Comparison:
    idx = np.arange(ctx.n_e)
    masks = [_cells_equal(e, a, idx, idx, ctx.options) for e, a in ctx.pairs]
    if not masks or all(m.all() for m in masks):
        return _EQUAL
    bad = ~np.column_stack(masks)
    rows, cols = np.nonzero(bad)  # row-major, so the first cells come first
    cells = []
    for r, c in zip(rows[:MAX_CELLS].tolist(), cols[:MAX_CELLS].tolist(), strict=True):
        e, a = ctx.pairs[c]
        cells.append(
            {
                "row": r,
                "column": ctx.names[c],
                "expected": jsonable_value(e.raw[r]),
                "actual": jsonable_value(a.raw[r]),
            }
        )
    columns = [name for name, m in zip(ctx.names, masks, strict=True) if not m.all()]
    unordered = _match_rows(ctx)
    same_rows = not unordered.missing.size and not unordered.extra.size
    first = cells[0]
    n_cells, n_rows = len(rows), int(bad.any(axis=1).sum())
    if same_rows:
        message = (
            f"Your rows are right but in the wrong order (the first difference is at row {first['row'] + 1})."
        )
        kind, hidden = "order", "row order"
    else:
        message = (
            f"Row {first['row'] + 1}, column {first['column']}: expected {_show(first['expected'])}, "
            f"got {_show(first['actual'])}."
        )
        if n_cells > 1:
            message += f" {n_cells} cells differ in {_plural(n_rows, 'row')} in all."
        kind, hidden = "cells", _values_in(columns)
    diff = {
        "kind": kind,
        "message": message,
        "hidden_detail": hidden,
        "columns": [] if same_rows else columns,
        "cells": cells,
        "mismatched_cells": n_cells,
        "mismatched_rows": n_rows,
        "same_rows_ignoring_order": same_rows,
    }
    return _unequal(diff, reveal)


def _differing_columns(ctx: _Context, match: _Match) -> list[str]:
    """Columns whose values differ as multisets; failing that, those differing in paired leftovers."""
    out = []
    if ctx.n_e == ctx.n_a:
        for name, (e, a) in zip(ctx.names, ctx.pairs, strict=True):
            one = _Context((name,), [(e, a)], ctx.options, ctx.n_e, ctx.n_a)
            if _sorted_column_differs(one):
                out.append(name)
    if out:
        return out
    k = min(match.missing.size, match.extra.size)
    ie, ia = match.missing[:k], match.extra[:k]
    return [
        name
        for name, (e, a) in zip(ctx.names, ctx.pairs, strict=True)
        if k and not _cells_equal(e, a, ie, ia, ctx.options).all()
    ]


def _sorted_column_differs(one: _Context) -> bool:
    """Compare one column as a multiset: in one dimension, pairing sorted values is optimal."""
    e, a = one.pairs[0]
    if e.kind == "number":  # raw values, not rounded ones: rounding could break the sorted pairing
        key_e, key_a = e.values, a.values
    elif e.kind == "text" or e.kind in _GENERIC_KINDS:
        key_e, key_a = _joint_codes(e.values, a.values)
    else:
        key_e, key_a = e.values, a.values
    order_e = np.lexsort([key_e, e.null])
    order_a = np.lexsort([key_a, a.null])
    return not _cells_equal(e, a, order_e, order_a, one.options).all()


def _example_rows(ctx: _Context, rows: np.ndarray, *, expected_side: bool) -> list[list[Any]]:
    side = 0 if expected_side else 1
    return [
        [jsonable_value(pair[side].raw[r]) for pair in ctx.pairs] for r in rows[:MAX_EXAMPLE_ROWS].tolist()
    ]


def _unequal(diff: dict[str, Any], reveal: bool) -> Comparison:
    hidden_detail = diff.pop("hidden_detail")
    if reveal:
        return Comparison(False, diff["message"], diff)
    message = f"Your result matches on the visible data but differs on a hidden variant ({hidden_detail})."
    message = f"{message} {_HIDDEN_HINT}"
    hidden: dict[str, Any] = {"kind": diff["kind"], "message": message, "columns": diff["columns"]}
    if diff["kind"] == "columns":  # the expected names only: the learner's own can be made from the data
        hidden["columns"] = diff["missing"]
        for key in ("expected_columns", "missing"):
            hidden[key] = diff[key]
        hidden["extra_count"] = len(diff["extra"])
    return Comparison(False, message, hidden)


_EQUAL = Comparison(True, "Your result matches the expected result.", None)


# --------------------------------------------------------------------------------------------------
# Wording


def _names(names: Sequence[str]) -> str:
    return ", ".join(names)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _plural_word(n: int, word: str) -> str:
    return word if n == 1 else f"{word}s"


def _values_in(columns: Sequence[str]) -> str:
    if not columns:
        return "values in some rows"
    return f"values in {_plural_word(len(columns), 'column')} {_names(columns)}"


def _missing_extra_phrase(missing: int, extra: int) -> str:
    parts = []
    if missing:
        verb = "is" if missing == 1 else "are"
        parts.append(f"{_plural(missing, 'expected row')} {verb} missing from your result")
    if extra:
        verb = "is" if extra == 1 else "are"
        parts.append(f"{_plural(extra, 'row')} in your result {verb} not expected")
    return " and ".join(parts)


def _show(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return repr(value)
    return str(value)
