"""A note's Markdown, rendered: the one renderer behind the note editor's preview, the
HTML export and the PDF.

Notes are CommonMark read by markdown-it-py with raw HTML off (``<b>`` stays the text
``<b>``), and a link or image only where its target is ``http://``, ``https://`` or
``mailto:``: any other target (``javascript:``, ``data:``, ``file:``, a relative path)
leaves the brackets as text.  An image is never fetched: it is shown as a link to its
address, with its alt text.

- :func:`note_html` is the HTML fragment, for the HTML export and the editor's preview
  (``QTextBrowser``).
- :func:`note_lines` is the same parse as lines of styled runs, for the PDF printer
  (``parallax.ui.pdf``), which lays out text, not HTML.

Both read the tokens of :func:`parse`, so what one shows as bold the other shows as bold.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

__all__ = ["SAFE_SCHEMES", "Line", "Run", "note_html", "note_lines", "parse", "safe_target"]

SAFE_SCHEMES = ("http://", "https://", "mailto:")


def safe_target(url: str) -> bool:
    """Whether a link may lead to ``url``: ``http(s)://`` or ``mailto:`` only."""
    return url.strip().lower().startswith(SAFE_SCHEMES)


def _image_as_link(renderer: Any, tokens: list, idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    alt = renderer.renderInlineAsText(token.children or [], options, env) or token.attrGet("src")
    src = escapeHtml(str(token.attrGet("src") or ""))
    return f'<a href="{src}" rel="noopener noreferrer">{escapeHtml(alt)}</a>'


def _link_open(renderer: Any, tokens: list, idx: int, options: Any, env: Any) -> str:
    tokens[idx].attrSet("rel", "noopener noreferrer")
    return renderer.renderToken(tokens, idx, options, env)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = safe_target  # type: ignore[method-assign]
    md.add_render_rule("image", _image_as_link)
    md.add_render_rule("link_open", _link_open)
    return md


def parse(text: str, /) -> list:
    """The markdown-it tokens of a note (raw HTML off, unsafe link targets left as text)."""
    return _markdown().parse(text or "")


def note_html(text: str, /) -> str:
    """A note as an HTML fragment (``<p>``, ``<strong>``, ``<ul>``, ``<a href>`` ...):
    every character of the note escaped, no raw HTML, links only to http(s) and mailto."""
    md = _markdown()
    return md.renderer.render(parse(text), md.options, {})


class Run(NamedTuple):
    """A piece of a line in one style."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str = ""  # the target when the run is a link's text


class Line(NamedTuple):
    """A paragraph-like line of a rendered note: a paragraph, heading, list item, quoted
    paragraph, a line of code, or a rule.  ``prefix`` is what stands before it (list
    markers and indentation, ``│`` per quote level); a hard break inside is ``\\n``."""

    kind: str  # "p" | "heading" | "item" | "code" | "rule"
    prefix: str
    runs: tuple[Run, ...]


def _runs(children: list) -> tuple[Run, ...]:
    out: list[Run] = []
    bold = italic = 0
    href: list[str] = []

    def add(text: str, *, code: bool = False) -> None:
        if text:
            out.append(Run(text, bold > 0, italic > 0, code, href[-1] if href else ""))

    for t in children:
        kind = t.type
        if kind == "text":
            add(t.content)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            add(t.content, code=True)
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            href.append(str(t.attrGet("href") or ""))
        elif kind == "link_close" and href:
            href.pop()
        elif kind == "image":
            href.append(str(t.attrGet("src") or ""))
            add("".join(c.content for c in t.children or ()) or href[-1])
            href.pop()
        else:  # anything else a renderer would show as its text
            add(t.content)
    return tuple(out)


def note_lines(text: str, /) -> tuple[Line, ...]:
    """A note as lines of styled runs, from the same parse as :func:`note_html`."""
    lines: list[Line] = []
    quotes = 0
    lists: list[list[Any]] = []  # per open list: [ordered, next number]
    marker = ""  # the marker of a list item whose first line is still to come

    def prefix() -> str:
        nonlocal marker
        indent = "   " * max(0, len(lists) - (1 if marker else 0))
        head, marker = marker, ""
        return "│ " * quotes + indent + head

    pending = "p"
    for t in parse(text):
        kind = t.type
        if kind == "blockquote_open":
            quotes += 1
        elif kind == "blockquote_close":
            quotes -= 1
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = t.attrGet("start")
            lists.append([kind == "ordered_list_open", int(start) if start else 1])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open" and lists:
            ordered, number = lists[-1]
            marker = f"{number}. " if ordered else "• "
            lists[-1][1] += 1
        elif kind == "heading_open":
            pending = "heading"
        elif kind == "paragraph_open":
            pending = "item" if marker else "p"
        elif kind == "inline":
            lines.append(Line(pending, prefix(), _runs(t.children or [])))
            pending = "p"
        elif kind in ("fence", "code_block"):
            head = prefix()
            for i, code in enumerate(t.content.rstrip("\n").split("\n")):
                lines.append(Line("code", head if i == 0 else "│ " * quotes + "   " * len(lists),
                                  (Run(code, code=True),)))
        elif kind == "hr":
            lines.append(Line("rule", prefix(), (Run("⁂"),)))
    return tuple(lines)
