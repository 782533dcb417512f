"""The wire format between the grader and its sandboxes: length-prefixed JSON frames.

Results come back from a process that ran learner code, so they are parsed, never unpickled: cell
values travel as JSON with small type tags (decimals, dates, timestamps, non-finite floats) that
`decode_table` turns back into the Python values the comparison expects.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import struct
from typing import Any, BinaryIO

from grader.table import ResultTable

_HEADER = struct.Struct(">I")
MAX_FRAME_BYTES = 64 * 1024 * 1024
# What a run may report. Anything else from a run (ACCEPTED, INTERNAL_ERROR, UNAVAILABLE …) is forged.
RUN_STATUSES = frozenset({"ok", "ERROR", "TIME_LIMIT", "MEMORY_LIMIT", "REJECTED"})


class FrameError(RuntimeError):
    """The other side closed the channel or sent something that is not a frame."""


def write_frame(stream: BinaryIO, message: dict[str, Any]) -> None:
    body = json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode()
    stream.write(_HEADER.pack(len(body)) + body)
    stream.flush()


def write_request(stream: BinaryIO, header: dict[str, Any], code: str) -> None:
    """A request: a JSON header (no learner code in it) followed by the code as raw UTF-8 bytes."""
    body = code.encode("utf-8", "surrogatepass")
    header = {**header, "code_bytes": len(body)}
    raw = json.dumps(header, separators=(",", ":")).encode()
    stream.write(_HEADER.pack(len(raw)) + raw + body)
    stream.flush()


def read_request(stream: BinaryIO) -> tuple[dict[str, Any], bytearray]:
    """The header, and the code in a bytearray the caller can scrub once it is done with it.

    Read with `readinto` from an unbuffered stream, so no other copy of the code is left behind.
    """
    header = read_frame(stream)
    size = header.get("code_bytes")
    if not isinstance(size, int) or not 0 <= size <= MAX_FRAME_BYTES:
        raise FrameError("a request needs code_bytes")
    code = bytearray(size)
    view, got = memoryview(code), 0
    while got < size:
        n = stream.readinto(view[got:])
        if not n:
            raise FrameError("channel closed")
        got += n
    return header, code


def scrub(buffer: bytearray) -> None:
    """Overwrite a buffer in place (a learner's code must not outlive its run in a shared process)."""
    buffer[:] = bytes(len(buffer))


def read_frame(stream: BinaryIO, max_bytes: int = MAX_FRAME_BYTES) -> dict[str, Any]:
    header = _read_exact(stream, _HEADER.size)
    (size,) = _HEADER.unpack(header)
    if size > max_bytes:
        raise FrameError(f"frame of {size} bytes exceeds {max_bytes}")
    try:
        message = json.loads(_read_exact(stream, size))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FrameError(f"malformed frame: {exc}") from None
    if not isinstance(message, dict):
        raise FrameError("a frame must hold a JSON object")
    return message


def _read_exact(stream: BinaryIO, n: int) -> bytes:
    chunks, remaining = [], n
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            raise FrameError("channel closed")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def encode_value(value: Any) -> Any:
    """One cell as JSON, tagged where JSON alone would lose its type."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$f": repr(value)}
    if isinstance(value, decimal.Decimal):
        return {"$dec": str(value)}
    if isinstance(value, dt.datetime):
        # pandas' NaT is a datetime that is not equal to itself: it is a NULL.
        return None if value != value else {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"$td": [value.days, value.seconds, value.microseconds]}
    if isinstance(value, list | tuple):
        return [encode_value(v) for v in value]
    return _encode_foreign(value)


def _encode_foreign(value: Any) -> Any:
    # numpy and pandas scalars arrive from DataFrames; import lazily so the codec stays light.
    import numpy as np
    import pandas as pd

    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return encode_value(value.to_pydatetime(warn=False))
    if isinstance(value, pd.Timedelta):
        return encode_value(value.to_pytimedelta())
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else encode_value(pd.Timestamp(value).to_pydatetime(warn=False))
    if isinstance(value, np.generic):
        return encode_value(value.item())
    if isinstance(value, np.ndarray):
        return [encode_value(v) for v in value.tolist()]
    if isinstance(value, dict):
        return {"$map": [[encode_value(k), encode_value(v)] for k, v in value.items()]}
    return str(value)


def decode_value(value: Any) -> Any:
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) != 1:
        raise FrameError("a tagged value has exactly one key")
    ((tag, raw),) = value.items()
    try:
        if tag == "$f":
            return float(raw)
        if tag == "$dec":
            return decimal.Decimal(raw)
        if tag == "$dt":
            return dt.datetime.fromisoformat(raw)
        if tag == "$date":
            return dt.date.fromisoformat(raw)
        if tag == "$time":
            return dt.time.fromisoformat(raw)
        if tag == "$td":
            return dt.timedelta(days=raw[0], seconds=raw[1], microseconds=raw[2])
        if tag == "$map":
            return {_hashable(decode_value(k)): decode_value(v) for k, v in raw}
    except (TypeError, ValueError, IndexError, decimal.InvalidOperation) as exc:
        raise FrameError(f"bad {tag} value: {exc}") from None
    raise FrameError(f"unknown tag {tag!r}")


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def encode_table(table: ResultTable) -> dict[str, Any]:
    return {"columns": list(table.columns), "rows": [[encode_value(v) for v in row] for row in table.rows]}


def decode_table(data: Any) -> ResultTable:
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("columns"), list)
        or not isinstance(data.get("rows"), list)
    ):
        raise FrameError("a table needs columns and rows")
    columns = tuple(str(c) for c in data["columns"])
    rows = []
    for row in data["rows"]:
        if not isinstance(row, list) or len(row) != len(columns):
            raise FrameError("every row must have one value per column")
        rows.append(tuple(decode_value(v) for v in row))
    return ResultTable(columns=columns, rows=tuple(rows))
