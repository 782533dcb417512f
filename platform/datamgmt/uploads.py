"""Uploads: a CSV or Parquet file becomes a one-table dataset (or a new version of one) with inferred types.

All or nothing: the file is imported by DuckDB into a staging folder beside the uploads, checked, and the
folder is renamed to DATA_DIR/uploads/<id>/<version>/ only when complete, in the same transaction that
stores the Dataset row. A malformed file leaves neither a row nor a file behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import unicodedata
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
from django.conf import settings
from django.db import IntegrityError, transaction

from catalog.models import Dataset

UPLOAD_FILE = "dataset.duckdb"
CSV_SUFFIXES = {".csv": ",", ".tsv": "\t", ".txt": ","}
PARQUET_SUFFIXES = {".parquet", ".pq"}
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
NESTED = re.compile(r"^(STRUCT|MAP|UNION)\(|\[\d*\]$")
_ID = re.compile(r"^U(\d{2,})$")


class UploadError(ValueError):
    """The file cannot become a dataset; the message says why in words an admin can act on."""


@dataclass(frozen=True)
class Upload:
    """What the admin sent: the file's name and its bytes, with the form's choices."""

    filename: str
    file: object  # anything with chunks() yielding bytes, like Django's UploadedFile
    size: int
    title: str
    table: str = ""
    delimiter: str = ""
    replaces: str = ""  # an uploaded dataset's id: store this as its next version


def uploads_root() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def check_size(size: int) -> None:
    limit = settings.DATASET_UPLOAD_MAX_BYTES
    if size > limit:
        raise UploadError(f"The file is {size / 2**20:.1f} MB; uploads are limited to {limit / 2**20:.0f} MB.")


def import_upload(upload: Upload) -> Dataset:
    """Import `upload` and store it as a dataset; raises UploadError (nothing stored) when it cannot."""
    check_size(upload.size)
    kind = _kind(upload.filename)
    table = sanitise(upload.table or Path(upload.filename).stem, fallback="data")
    root = uploads_root()
    staging = root / f".staging-{uuid.uuid4().hex}"
    staging.mkdir(parents=True)
    try:
        source, source_sha = _receive(upload, staging / f"source{Path(upload.filename).suffix.lower()}")
        columns, rows = _import(upload, source, kind, table, staging / UPLOAD_FILE)
        source.unlink()  # the DuckDB file is the dataset; the source is not kept
        return _store(upload, table, columns, rows, source_sha, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone after a failure; already renamed after a success


def _kind(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    raise UploadError(f"{filename!r} is neither a CSV (.csv, .tsv) nor a Parquet (.parquet) file.")


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _receive(upload: Upload, target: Path) -> tuple[Path, str]:
    """Write the upload's bytes to `target` (counting them again: the declared size may lie)."""
    digest, size = hashlib.sha256(), 0
    with target.open("wb") as out:
        for chunk in upload.file.chunks():
            size += len(chunk)
            check_size(size)
            digest.update(chunk)
            out.write(chunk)
    return target, digest.hexdigest()


def _reader(upload: Upload, source: Path, kind: str) -> str:
    path = _sql_str(source.as_posix())
    if kind == "parquet":
        return f"read_parquet({path})"
    delimiter = upload.delimiter or CSV_SUFFIXES[Path(upload.filename).suffix.lower()]
    # A fixed delimiter, no skipped lines and strict mode: DuckDB's sniffer would otherwise read a ragged
    # file as one text column, or skip its first lines and take a data row for the header, and import it
    # "successfully". Every row is sampled so a late bad value is an error too.
    return (f"read_csv({path}, auto_detect=true, header=true, skip=0, delim={_sql_str(delimiter)}, quote='\"', "
            "escape='\"', strict_mode=true, sample_size=-1)")


def _import(upload: Upload, source_file: Path, kind: str, table: str, target: Path) -> tuple[list[dict], int]:
    """Create `table` in a new DuckDB file at `target`; returns its columns (name, type, original) and rows."""
    con = duckdb.connect(str(target))
    try:
        con.execute("SET threads = 2")
        con.execute("SET memory_limit = '1GB'")
        source = _reader(upload, source_file, kind)
        try:
            described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
        except duckdb.Error as exc:
            raise UploadError(_explain(exc, upload.filename, kind)) from None
        columns = _columns(described)
        select = ", ".join(f'"{c["original"].replace(chr(34), chr(34) * 2)}" AS "{c["name"]}"' for c in columns)
        try:
            con.execute(f'CREATE TABLE "{table}" AS SELECT {select} FROM {source}')
        except duckdb.Error as exc:
            raise UploadError(_explain(exc, upload.filename, kind)) from None
        rows = con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        if rows == 0:
            raise UploadError(f"{upload.filename!r} has no data rows.")
        con.execute(f'COMMENT ON TABLE "{table}" IS {_sql_str(f"Uploaded from {upload.filename}")}')
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return columns, rows


def _columns(described: list[tuple]) -> list[dict]:
    """Sanitised, unique column names with DuckDB's inferred types; nested types are refused."""
    columns, taken = [], set()
    for i, (original, type_, *_rest) in enumerate(described):
        if NESTED.search(type_):
            raise UploadError(f"Column {original!r} has a nested type ({type_}); upload flat columns only.")
        name = base = sanitise(original, fallback=f"column_{i + 1}")
        n = 2
        while name in taken:
            name, n = f"{base}_{n}", n + 1
        taken.add(name)
        columns.append({"name": name, "type": type_, "original": original})
    if not columns:
        raise UploadError("The file has no columns.")
    return columns


def _explain(exc: duckdb.Error, filename: str, kind: str) -> str:
    """DuckDB's error in words for an admin: the first line, without our server paths."""
    text = str(exc)
    if kind == "parquet":
        return f"{filename!r} is not a readable Parquet file ({text.splitlines()[0]})."
    if "sniffing" in text or "Expected Number of Columns" in text:
        return (f"{filename!r} is not a well-formed CSV file: some rows have a different number of fields than "
                "the header, or a quote is not closed. Check the delimiter too.")
    if "unicode" in text.lower() or "utf-8" in text.lower():
        return f"{filename!r} is not UTF-8 text; save it as UTF-8 CSV and upload it again."
    first = next((line for line in text.splitlines() if line.strip()), text)
    first = re.sub(r"'[^']*/[^']*'|\"[^\"]*/[^\"]*\"", "the file", first)
    return f"{filename!r} could not be read as CSV: {first}"


@lru_cache(maxsize=1)
def _reserved() -> frozenset[str]:
    """DuckDB's reserved words: a column named like one would need quotes in every query."""
    con = duckdb.connect()
    try:
        return frozenset(r[0] for r in con.execute(
            "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'reserved'").fetchall())
    finally:
        con.close()


def sanitise(name: str, fallback: str) -> str:
    """A lower-case identifier a learner can type unquoted: letters, digits and underscores, not starting
    with a digit and not a reserved SQL word ("Close Px" -> close_px, "1st" -> c_1st, "select" -> select_)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()  # "été" -> "ete"
    clean = re.sub(r"[^a-z0-9_]+", "_", ascii_name.strip().lower()).strip("_")[:60]
    if not clean:
        return fallback
    if clean[0].isdigit():
        clean = "c_" + clean
    return clean + "_" if clean in _reserved() else clean


def _store(upload: Upload, table: str, columns: list[dict], rows: int, source_sha: str, staging: Path) -> Dataset:
    """Give the import its id and version, move it into place and store the row, all or nothing."""
    for _ in range(3):  # two admins may take the same new id at once: the primary key decides
        final: Path | None = None
        try:
            with transaction.atomic():
                dataset = _next_version(upload)
                relative = Path("uploads") / dataset.id / str(dataset.upload_version)
                _describe(dataset, upload, table, columns, rows, source_sha, relative)
                dataset.save(force_insert=dataset._state.adding)
                final = Path(settings.DATA_DIR) / relative
                # A folder for a version the database does not have is left from a crash: replace it.
                shutil.rmtree(final, ignore_errors=True)
                final.parent.mkdir(parents=True, exist_ok=True)
                os.rename(staging, final)  # atomic; the row commits only once the files are in place
            return dataset
        except IntegrityError:
            _undo(final)
        except BaseException:
            _undo(final)
            raise
    raise UploadError("Another upload took the same dataset id; try again.")


def _undo(final: Path | None) -> None:
    if final is not None and final.is_dir():
        shutil.rmtree(final, ignore_errors=True)


def _describe(dataset: Dataset, upload: Upload, table: str, columns: list[dict], rows: int, source_sha: str,
              relative: Path) -> None:
    """Fill the row's dictionary (one table with its inferred types), file and version hash."""
    dataset.upload_path = (relative / UPLOAD_FILE).as_posix()
    dataset.tables = [{
        "name": table,
        "description": f"Uploaded from {upload.filename}.",
        "rows": rows,
        "columns": [{"name": c["name"], "type": c["type"], "unit": "",
                     "meaning": "" if c["name"] == c["original"] else f"Column “{c['original']}” of the file."}
                    for c in columns],
    }]
    version = f"upload\n{dataset.id}\n{dataset.upload_version}\n{table}\n{source_sha}"
    dataset.variant_hashes = {"0": hashlib.sha256(version.encode()).hexdigest()}


def _next_version(upload: Upload) -> Dataset:
    """The row to store: the next version of `upload.replaces`, or a new dataset with the next free U id."""
    if upload.replaces:
        dataset = Dataset.objects.select_for_update().filter(pk=upload.replaces, source="upload").first()
        if dataset is None:
            raise UploadError(f"{upload.replaces} is not an uploaded dataset.")
        dataset.upload_version += 1
        if upload.title.strip():
            dataset.title = upload.title.strip()
        return dataset
    numbers = [int(m.group(1)) for pk in Dataset.objects.filter(pk__startswith="U").values_list("pk", flat=True)
               if (m := _ID.match(pk))]
    if not upload.title.strip():
        raise UploadError("Give the new dataset a title.")
    return Dataset(id=f"U{max(numbers, default=0) + 1:02d}", title=upload.title.strip(), source="upload",
                   upload_version=1, story=f"Uploaded by an admin from {upload.filename}.")


def versions(dataset: Dataset) -> list[int]:
    """The versions of an uploaded dataset still on disk, newest first."""
    folder = uploads_root() / dataset.id
    return sorted((int(p.name) for p in folder.iterdir() if p.name.isdigit()), reverse=True) if folder.is_dir() else []
