"""The data dictionary: what every dataset, table and column means.

Each dataset module declares its ``DATASET: DatasetInfo``; the build writes exactly these
columns with exactly these types (``datasets.tables.to_arrow``), and a test checks the built
DuckDB tables against this dictionary. ``catalog()`` is what the UI shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SQL_TYPES = ("BOOLEAN", "INTEGER", "BIGINT", "DOUBLE", "VARCHAR", "DATE", "TIME", "TIMESTAMP")
"""The DuckDB types columns may have. TIMESTAMP is an instant without a time zone (microseconds):
every TIMESTAMP column holds UTC (its unit says so), never TIMESTAMPTZ, so that no result depends
on a session's time zone setting."""


@dataclass(frozen=True)
class ColumnInfo:
    """One column: DuckDB type, unit (empty when none) and meaning."""

    name: str
    type: str
    unit: str
    meaning: str
    nullable: bool = False

    def __post_init__(self) -> None:
        if self.type not in SQL_TYPES:
            raise ValueError(f"column {self.name}: unknown type {self.type}")


@dataclass(frozen=True)
class TableInfo:
    """One table: its columns in stored order and its primary key."""

    name: str
    description: str
    columns: list[ColumnInfo]
    primary_key: tuple[str, ...] = ()

    @property
    def column_names(self) -> list[str]:
        """Column names in stored order."""
        return [c.name for c in self.columns]


@dataclass(frozen=True)
class ChartInfo:
    """A key series of a dataset, drawn on its page from the visible data.

    ``sql`` returns an x column (a date or timestamp) first and one numeric column per line, ordered
    by x; the column names become the legend.
    """

    title: str
    sql: str
    caption: str = ""
    y_label: str = ""


@dataclass(frozen=True)
class DatasetInfo:
    """One dataset: its role in the episode, what it depends on, and its own tables. ``is_real``
    marks the labelled real-data extra (R1): its own tables hold real market data."""

    id: str
    title: str
    story: str
    depends_on: tuple[str, ...]
    tables: list[TableInfo] = field(default_factory=list)
    is_real: bool = False
    charts: tuple[ChartInfo, ...] = ()

    def table(self, name: str) -> TableInfo:
        """The table called ``name``."""
        return next(t for t in self.tables if t.name == name)


def col(name: str, type_: str, unit: str, meaning: str, nullable: bool = False) -> ColumnInfo:
    """Shorthand used by the dataset modules."""
    return ColumnInfo(name, type_, unit, meaning, nullable)


IS_SYNTHETIC = ColumnInfo(
    "is_synthetic", "BOOLEAN", "", "Always TRUE: the instrument and its data are simulated, not real."
)


def catalog() -> list[DatasetInfo]:
    """Every dataset's DatasetInfo, in id order."""
    from datasets.registry import DATASETS

    return [module.DATASET for module in DATASETS.values()]
