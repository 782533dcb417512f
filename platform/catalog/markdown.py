"""Statement Markdown to safe HTML (statements may later come from the web UI, so sanitise)."""

import markdown as md
import nh3

_TAGS = {
    "p", "h1", "h2", "h3", "h4", "ul", "ol", "li", "code", "pre", "em", "strong", "a", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "br", "sup", "sub", "span",
}


def render(text: str, *, drop_title: bool = False) -> str:
    """Markdown to sanitised HTML; `drop_title` removes a leading `# Title` the page already shows."""
    if drop_title and text.lstrip().startswith("# "):
        text = text.lstrip().split("\n", 1)[1] if "\n" in text.lstrip() else ""
    html = md.markdown(text, extensions=["tables", "fenced_code", "sane_lists"])
    return nh3.clean(html, tags=_TAGS, attributes={"a": {"href", "title"}, "code": {"class"}, "span": {"class"}})
