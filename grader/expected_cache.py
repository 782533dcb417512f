"""Expected results of reference solutions, cached by (problem version, dataset hash, variant).

A reference's answer only changes when the problem or the data changes, so each is computed once per
worker process (memory) and once per machine (an optional directory shared by worker processes).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from grader.table import ResultTable


def cache_key(problem_version: str, dataset_hash: str, variant: int, language: str) -> str:
    """A stable key for one reference result."""
    raw = f"{problem_version}|{language}|{dataset_hash}|{variant}"
    return hashlib.sha256(raw.encode()).hexdigest()


class ExpectedCache:
    """An LRU in memory, backed by pickles in `directory` when one is given.

    Only the grader writes the directory; learner code never runs with access to it.
    """

    def __init__(self, directory: Path | None = None, max_entries: int = 1024) -> None:
        self.directory = Path(directory) if directory else None
        self.max_entries = max_entries
        self._memory: OrderedDict[str, ResultTable] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: str, compute: Callable[[], ResultTable]) -> ResultTable:
        """Return the cached table for `key`, computing and storing it on a miss."""
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return self._memory[key]
        table = self._read(key)
        if table is None:
            table = compute()
            self._write(key, table)
        with self._lock:
            self._memory[key] = table
            while len(self._memory) > self.max_entries:
                self._memory.popitem(last=False)
        return table

    def clear(self) -> None:
        with self._lock:
            self._memory.clear()

    def _path(self, key: str) -> Path | None:
        return self.directory / f"{key}.pickle" if self.directory else None

    def _read(self, key: str) -> ResultTable | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            with path.open("rb") as fh:
                table = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None  # a torn or stale entry is recomputed
        return table if isinstance(table, ResultTable) else None

    def _write(self, key: str, table: ResultTable) -> None:
        path = self._path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write-then-rename so a concurrent reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(table, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
