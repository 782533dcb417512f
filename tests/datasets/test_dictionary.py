"""The data dictionary describes exactly what the build writes."""

from __future__ import annotations

import re

import datasets

from .conftest import connect


def test_catalog_lists_d01_and_d02_with_stories_and_dependencies():
    cat = {d.id: d for d in datasets.catalog()}
    assert {"D01", "D02", "D03", "R1"} <= set(cat)
    assert cat["D03"].depends_on == ("D02",)
    assert cat["D02"].depends_on == ("D01",)
    assert cat["R1"].depends_on == ("D02",)
    assert [i for i in cat if cat[i].is_real] == ["R1"]
    for info in cat.values():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", info.story.strip()) if s]
        assert 2 <= len(sentences) <= 4, info.id
        for table in info.tables:
            assert table.description
            for column in table.columns:
                assert column.meaning, (table.name, column.name)


def test_dictionary_matches_the_built_tables_exactly(lite_root):
    for info in datasets.catalog():
        with connect(lite_root, "lite", info.id, 0) as con:
            for table in info.tables:
                built = con.execute(
                    "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                    "WHERE table_name = ? ORDER BY ordinal_position",
                    [table.name],
                ).fetchall()
                expected = [(c.name, c.type, "YES" if c.nullable else "NO") for c in table.columns]
                assert built == expected, table.name


def test_every_declared_table_is_built_and_nothing_else(lite_root):
    own = {t.name for info in datasets.catalog() for t in info.tables}
    built = set()
    for info in datasets.catalog():
        with connect(lite_root, "lite", info.id, 0) as con:
            built |= {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert built == own
