"""Member text to safe HTML: Markdown rendered with raw HTML off, then sanitized.

``sanitize_html`` is the one function every piece of member content passes
through before it reaches a page. It uses bleach with an allow-list; bleach is
end of life, so the choice is kept behind this one function (nh3 is the
drop-in candidate). Rendering happens once, on write, and the HTML is stored.
"""

from __future__ import annotations

from functools import partial
from html.parser import HTMLParser

from bleach.linkifier import LinkifyFilter
from bleach.sanitizer import Cleaner
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset({
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "hr",
})  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "ol": ["start"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"

# html=False: a member's raw HTML is shown as text, never passed through.
_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    .enable(["linkify", "strikethrough"])
    # Headings shrink to h3..h6 below so a post cannot shout over the page.
    .disable(["image"])
)


def _set_rel(attrs: dict, new: bool = False) -> dict:
    attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    filters=[partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"}, parse_email=False)],
)


def sanitize_html(html: str) -> str:
    """Keep only allow-listed tags and attributes; every link gets rel="nofollow noopener"."""
    return _cleaner.clean(html)


def _demote_headings(html: str) -> str:
    for level in (2, 1):  # h2 before h1, so an h1 does not end up as h4
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(f"</h{level}>", f"</h{level + 2}>")
    return html


def render_markdown(text: str) -> str:
    """Markdown source to the sanitized HTML stored beside it."""
    return sanitize_html(_demote_headings(_markdown.render(text)))


class _TextOnly(HTMLParser):
    """Collects the text of HTML; every tag, opening or closing, stands for a space."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []

    def handle_data(self, data: str) -> None:
        self.pieces.append(data)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.pieces.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.pieces.append(" ")


def plain_text(html: str) -> str:
    """The words of sanitized HTML (``sanitize_html``'s output) as a reader sees them: no tag and
    no attribute (a link's address stays out), paragraphs apart, whitespace collapsed."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.pieces).split())
