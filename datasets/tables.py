"""Turning generated frames into typed Arrow tables and byte-stable Parquet files."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from datasets.dictionary import TableInfo

ARROW_TYPES = {
    "BOOLEAN": pa.bool_(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "VARCHAR": pa.string(),
    "DATE": pa.date32(),
    "TIME": pa.time64("us"),
    "TIMESTAMP": pa.timestamp("us"),  # naive (UTC by convention): DuckDB TIMESTAMP, pandas datetime64[us]
}


def arrow_schema(info: TableInfo) -> pa.Schema:
    """The Arrow schema the dictionary prescribes for ``info`` (no metadata)."""
    return pa.schema([pa.field(c.name, ARROW_TYPES[c.type], nullable=c.nullable) for c in info.columns])


def to_arrow(frame: pd.DataFrame, info: TableInfo) -> pa.Table:
    """Convert ``frame`` to the dictionary's schema, refusing missing, extra or NULL-in-NOT-NULL columns."""
    expected = info.column_names
    if list(frame.columns) != expected:
        raise ValueError(f"{info.name}: columns {list(frame.columns)} != dictionary {expected}")
    arrays = []
    for column in info.columns:
        series = frame[column.name]
        array = pa.array(series, type=ARROW_TYPES[column.type], from_pandas=True)
        if array.null_count and not column.nullable:
            raise ValueError(f"{info.name}.{column.name}: {array.null_count} NULLs in a NOT NULL column")
        arrays.append(array)
    return pa.Table.from_arrays(arrays, schema=arrow_schema(info))


def write_parquet(table: pa.Table, path: Path) -> str:
    """Write ``table`` byte-reproducibly (fixed codec and options, no schema metadata) and
    return the file's SHA-256. The file is written beside and renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(
        table.replace_schema_metadata(None),
        tmp,
        compression="zstd",
        compression_level=3,
        version="2.6",
        data_page_version="1.0",
        use_dictionary=True,
        write_statistics=True,
        store_schema=False,
        row_group_size=1_000_000,
    )
    os.replace(tmp, path)
    return sha256_file(path)


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
