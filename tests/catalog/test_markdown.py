"""Statements render to safe HTML without repeating the title the page already shows."""

from catalog.markdown import render


def test_a_leading_title_is_dropped_when_the_page_shows_it():
    html = render("# Daily returns\n\nCompute **them**.", drop_title=True)
    assert "Daily returns" not in html
    assert "<strong>them</strong>" in html


def test_scripts_and_event_handlers_are_removed():
    html = render('Hi <script>alert(1)</script><a href="x" onclick="steal()">link</a>')
    assert "<script" not in html
    assert "onclick" not in html


def test_tables_render():
    assert "<table>" in render("| a | b |\n|---|---|\n| 1 | 2 |")
