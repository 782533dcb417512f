"""The sandbox wire format: every cell type a result can hold survives the trip, and junk is refused."""

import datetime as dt
import decimal
import io
import math

import numpy as np
import pandas as pd
import pytest

from grader import ResultTable
from grader.sandbox.codec import FrameError, decode_table, encode_table, read_frame, write_frame


def roundtrip(rows, columns=("v",)):
    buffer = io.BytesIO()
    write_frame(buffer, encode_table(ResultTable(columns, rows)))
    buffer.seek(0)
    return decode_table(read_frame(buffer)).rows


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (pd.NA, None),
        (pd.NaT, None),
        (np.datetime64("NaT"), None),
        (True, True),
        (np.int64(7), 7),
        (decimal.Decimal("1.2345"), decimal.Decimal("1.2345")),
        (dt.date(2037, 6, 16), dt.date(2037, 6, 16)),
        (pd.Timestamp("2037-06-16 14:30"), dt.datetime(2037, 6, 16, 14, 30)),
        (dt.datetime(2037, 6, 16, 14, 30, tzinfo=dt.UTC), dt.datetime(2037, 6, 16, 14, 30, tzinfo=dt.UTC)),
        (dt.time(9, 30), dt.time(9, 30)),
        (dt.timedelta(days=1, seconds=5), dt.timedelta(days=1, seconds=5)),
        ("ZVLT", "ZVLT"),
    ],
)
def test_a_cell_survives_the_trip(value, expected):
    assert roundtrip(((value,),)) == ((expected,),)


def test_non_finite_floats_survive_the_trip():
    (nan,), (inf,) = roundtrip(((float("nan"),), (float("inf"),)))
    assert math.isnan(nan)
    assert inf == math.inf


@pytest.mark.parametrize(
    "payload",
    [[], {"columns": ["a"]}, {"columns": ["a"], "rows": [[1, 2]]}, {"columns": ["a"], "rows": [[{"$evil": 1}]]}],
)
def test_a_malformed_table_is_refused(payload):
    with pytest.raises(FrameError):
        decode_table(payload)


def test_an_oversized_frame_is_refused_before_it_is_read():
    buffer = io.BytesIO()
    write_frame(buffer, {"x": "y" * 100})
    buffer.seek(0)
    with pytest.raises(FrameError, match="exceeds"):
        read_frame(buffer, max_bytes=10)
