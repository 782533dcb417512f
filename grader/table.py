"""A result set as plain rows and column names, whichever engine produced it.

DuckDB hands back ``cursor.description`` and ``fetchmany`` tuples; a learner's Python code hands back
a pandas DataFrame, a Series or a single value. :class:`ResultTable` is the one shape both become, so
that :mod:`grader.compare` and the verdict views never care where a result came from.

Cell values are kept as they came (``int``, ``Decimal``, ``pd.Timestamp``, ``numpy.float64``, ``pd.NA``,
...); :mod:`grader.compare` normalises them when comparing and :meth:`ResultTable.to_jsonable` when
showing them.

The pandas index rule
---------------------
A DataFrame's (or Series') index becomes columns **only if it is named**: every named level is
``reset_index``-ed into a column placed first, in level order, and unnamed levels are dropped. So
``df.groupby("symbol").sum()`` keeps ``symbol`` as a column, while the unnamed, possibly shuffled or
gappy index left by filtering, sorting or ``pd.concat`` is ignored: such an index carries row
positions, not data, and keeping it would refuse a right answer for an extra ``index`` column. A named
level whose name is already a column (``set_index("d", drop=False)``) is dropped rather than
duplicated.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["ResultTable", "jsonable_value"]

# A one-cell result (a scalar, or ``df["x"].sum()``) and an unnamed Series get this column name.
VALUE_COLUMN = "value"


@dataclass(frozen=True)
class ResultTable:
    """Column names and rows of a query or function result.

    ``rows`` is a tuple of tuples, each as long as ``columns``. Lists are accepted and turned into
    tuples, so ``ResultTable(names, cursor.fetchmany(n))`` works directly.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]

    def __post_init__(self) -> None:
        columns = tuple(str(c) for c in self.columns)
        rows = self.rows if isinstance(self.rows, tuple) else tuple(self.rows)
        if rows and type(rows[0]) is not tuple:
            rows = tuple(tuple(r) for r in rows)
        width = len(columns)
        for i, row in enumerate(rows):
            if len(row) != width:
                raise ValueError(f"row {i} has {len(row)} values but there are {width} columns")
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "rows", rows)

    @classmethod
    def from_rows(cls, columns: Iterable[str], rows: Iterable[Sequence[object]]) -> ResultTable:
        """Build a table from column names and an iterable of row sequences (e.g. DuckDB tuples)."""
        return cls(tuple(columns), tuple(tuple(r) for r in rows))

    @classmethod
    def from_dataframe(cls, df: pd.DataFrame | pd.Series) -> ResultTable:
        """Build a table from a DataFrame (or a Series, as one column named for it or ``"value"``).

        Named index levels become leading columns; unnamed ones are dropped (see the module doc).
        Column labels become strings; a MultiIndex column label is joined with ``_``.
        """
        if isinstance(df, pd.Series):
            name = VALUE_COLUMN if df.name is None else df.name
            df = df.to_frame(name=name)
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"from_dataframe needs a pandas DataFrame or Series, got {_type_name(df)}")
        df = _index_to_columns(df)
        columns = tuple(_column_label(c) for c in df.columns)
        # Series.tolist gives Python scalars for numpy dtypes and keeps Timestamp/NA/NaT, column by
        # column, which is much faster than itertuples on wide numeric frames.
        data = [df.iloc[:, j].tolist() for j in range(df.shape[1])]
        rows = tuple(zip(*data, strict=True)) if data else tuple(() for _ in range(len(df)))
        return cls(columns, rows)

    @classmethod
    def from_value(cls, value: object) -> ResultTable:
        """Turn whatever a learner's function returned into a table.

        A DataFrame or Series goes through :meth:`from_dataframe`; a single value (number, string,
        bool, date/time, Decimal, numpy scalar, ``pd.Timestamp``, ``pd.NA``, NaN, ...) becomes a
        one-row, one-column table named ``"value"``; a ResultTable is returned as is. Anything else,
        including ``None`` (almost always a missing ``return``), raises :class:`TypeError`.
        """
        if isinstance(value, ResultTable):
            return value
        if isinstance(value, (pd.DataFrame, pd.Series)):
            return cls.from_dataframe(value)
        if value is None:
            raise TypeError(
                "the function returned None; return a pandas DataFrame, a Series or a single value "
                "(did you forget a return statement?)"
            )
        if isinstance(value, np.ndarray) and value.ndim == 0:
            value = value[()]
        if _is_scalar(value):
            return cls((VALUE_COLUMN,), ((value,),))
        raise TypeError(
            f"cannot grade a result of type {_type_name(value)}; "
            "return a pandas DataFrame, a Series or a single value"
        )

    def to_jsonable(self, limit: int | None = None) -> dict[str, list[Any]]:
        """``{"columns": [...], "rows": [[...], ...]}`` with JSON-safe cells (see :func:`jsonable_value`).

        ``limit`` keeps only the first ``limit`` rows.
        """
        rows = self.rows if limit is None else self.rows[: max(limit, 0)]
        return {
            "columns": list(self.columns),
            "rows": [[jsonable_value(v) for v in row] for row in rows],
        }


def jsonable_value(value: object) -> Any:
    """One cell as a value ``json.dumps`` accepts under strict JSON (no NaN/Infinity).

    NULL-likes (None, NaN, ``pd.NA``, NaT) become ``None``; Decimal and numpy numbers become
    ``float``/``int``; dates, timestamps and times become ISO strings (tz-aware keep their offset);
    intervals become ISO 8601 durations (``P1DT0H0M0S``); +-infinity becomes ``"Infinity"`` /
    ``"-Infinity"``; lists and dicts are converted recursively; anything else becomes ``str(value)``.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating, decimal.Decimal)):
        f = float(value)
        if math.isnan(f):
            return None
        if math.isinf(f):
            return "Infinity" if f > 0 else "-Infinity"
        return f
    if isinstance(value, str):
        return value
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        return pd.Timestamp(value).isoformat()
    if isinstance(value, (dt.date, dt.time)):  # datetime and pd.Timestamp are dates too
        return value.isoformat()
    if isinstance(value, np.timedelta64):
        if np.isnat(value):
            return None
        return pd.Timedelta(value).isoformat()
    if isinstance(value, dt.timedelta):
        return pd.Timedelta(value).isoformat()
    if isinstance(value, (list, tuple, np.ndarray)):
        return [jsonable_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable_value(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.hex()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def _index_to_columns(df: pd.DataFrame) -> pd.DataFrame:
    names = list(df.index.names)
    existing = {_column_label(c) for c in df.columns}
    keep = [i for i, n in enumerate(names) if n is not None and str(n) not in existing]
    if not keep:
        return df.reset_index(drop=True)
    drop = [i for i in range(len(names)) if i not in keep]
    if drop:
        df = df.reset_index(level=drop, drop=True)
    return df.reset_index()


def _column_label(label: object) -> str:
    if isinstance(label, tuple):
        return "_".join(str(part) for part in label if part is not None and str(part) != "")
    return str(label)


_SCALAR_TYPES = (
    int,
    float,
    str,
    bool,
    decimal.Decimal,
    dt.date,
    dt.time,
    dt.timedelta,
    np.generic,
    uuid.UUID,
    bytes,
)


def _is_scalar(value: object) -> bool:
    return isinstance(value, _SCALAR_TYPES) or value is pd.NA or value is pd.NaT


def _type_name(value: object) -> str:
    t = type(value)
    return t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"
