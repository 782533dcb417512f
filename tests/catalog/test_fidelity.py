"""A dataset's page shows how close its visible data is to real markets: the build's stylized facts
(facts.json), one row per fact, and never a value measured on a hidden variant."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from catalog import data
from datasets import facts
from tests.factories import make_dataset

pytestmark = pytest.mark.django_db


def _page(client, dataset_id: str) -> str:
    return client.get(reverse("catalog:dataset_detail", args=[dataset_id])).content.decode()


def _row(content: str, fact_id: str) -> str:
    match = re.search(rf'<tr id="fact-{re.escape(fact_id)}">(.*?)</tr>', content, re.S)
    assert match, f"no row for {fact_id}"
    return match.group(1)


def _cells(row_html: str) -> list[str]:
    return re.findall(r"<td>(.*?)</td>", row_html, re.S)


def test_a_dataset_page_shows_its_facts_beside_real_markets(client, ada, catalog_loaded, lite_data):
    content = _page(client, "D02")
    assert "How close is this to real markets" in content
    for result in facts.measure_all(lite_data, "lite", 0, ["D02"]):
        expected = facts.row(result)
        cells = _cells(_row(content, result.fact.id))
        assert cells[0].startswith(escape(expected["name"]))
        assert cells[1:4] == [escape(expected["value"]), escape(expected["anchor"]), escape(expected["band"])]
        assert ("v-accepted" in cells[4]) == expected["in_band"]


def _stored_with(monkeypatch, change) -> None:
    """Serve facts.json as `change` turns it (the session's files stay as built)."""
    from django.conf import settings

    doc = change(facts.load_facts(settings.DATA_DIR, settings.DATA_PROFILE))
    monkeypatch.setattr(data, "_stored_facts", lambda root, profile, mtime: doc)


def test_an_out_of_band_fact_says_so_and_names_its_pending_fix(client, ada, catalog_loaded, monkeypatch):
    def out_of_band(doc):
        first = doc["D02"]["rows"][0]
        doc["D02"]["rows"][0] = {**first, "in_band": False, "pending": "issue 23 item 5"}
        return doc

    _stored_with(monkeypatch, out_of_band)
    cells = _cells(_row(_page(client, "D02"), facts.FACTS[0].id))
    assert ">no<" in cells[4]
    assert "fix pending: issue 23 item 5" in cells[4]


def test_the_page_shows_the_visible_variants_value_not_a_hidden_ones(client, ada, catalog_loaded, lite_data):
    visible = {r.fact.id: facts.row(r)["value"] for r in facts.measure_all(lite_data, "lite", 0)}
    differing = [r for r in facts.measure_all(lite_data, "lite", 1) if facts.row(r)["value"] != visible[r.fact.id]]
    assert differing  # the hidden variant differs somewhere, so this test can fail
    pages = {}
    for result in differing:
        did = result.fact.dataset
        pages.setdefault(did, _page(client, did))
        shown = _cells(_row(pages[did], result.fact.id))[1]
        assert shown == escape(visible[result.fact.id]) != escape(facts.row(result)["value"])


def test_facts_measured_on_another_build_are_not_shown(client, ada, catalog_loaded, monkeypatch):
    _stored_with(monkeypatch, lambda doc: {did: {**entry, "hash": "0" * 64} for did, entry in doc.items()})
    assert "How close is this to real markets" not in _page(client, "D02")


def test_a_dataset_without_facts_has_no_fidelity_table(client, ada, catalog_loaded):
    assert "How close is this to real markets" not in _page(client, "D05")
    make_dataset("DX7", source="upload")
    assert "How close is this to real markets" not in _page(client, "DX7")
