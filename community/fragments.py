"""Parts of members' pages rendered once and shared by every member who sees them alike.

A signed-in member's page is theirs alone (their name, their reactions, their form token),
but most of it is not: a post block, a group page's thread row, looks the same to every
member but its author. Those parts are kept here, rendered, in this process.

A fragment is keyed by *everything it is rendered from*: the rows' shown columns read in the
request's own query (a post's status, HTML, times, warning, byline, reaction counts) and the
viewer's choices that change it (time zone, a folded warning). Rendering is a pure function
of the key, so a kept fragment can never be stale: an edit, a removal, a reaction or a rename
gives the next page a different key, whichever process or command made the write, with Redis
or without; the old fragment is never asked for again and falls out of the LRU. (Page tokens,
community.page_tokens, retire whole pages on a write; a fragment needs no retiring.)

What differs between the members who share a fragment is left as *slots*: the form token and
which reaction is the viewer's. A slot is a marker with a random per-process nonce, so no post
text can imitate one; the kept fragment is split at the slots once, and each page fills them.
The viewer's own content is never kept: it is rendered for them alone (forum.post_blocks).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Hashable, Mapping

from markupsafe import Markup

from .lru import LRU, kept_for_app, key_size, text_size

# Per process. A post block is 1-3 KB and its key holds the post's HTML again: about 30 MB for
# these, enough for the bench's 200 threads × 20 posts and their rows. Long posts (up to 20,000
# characters, twice over with the key) would make the same count ten times that: bounded by size too.
MAX_FRAGMENTS = 8192
MAX_FRAGMENT_BYTES = 48 * 1024 * 1024
_EXTENSION = "kindred_fragments"
_NONCE = secrets.token_hex(8)
_SLOT = re.compile(f"\x00slot:([a-z_:]+):{_NONCE}\x00")

# A kept fragment: literal text at even indices, slot names at odd ones.
Fragment = tuple[str, ...]


def slot(name: str) -> Markup:
    """The marker a shared render writes where a viewer's own value goes; ``fill`` puts it there."""
    return Markup(f"\x00slot:{name}:{_NONCE}\x00")  # noqa: S704 (a name from our code, no input)


def split(html: str) -> Fragment:
    return tuple(_SLOT.split(html))


def fill(fragment: Fragment, values: Mapping[str, str]) -> Markup:
    """The fragment with each slot replaced by this viewer's value."""
    # Kept pieces are a template's autoescaped output; values are markup the page made (a form token field).
    if len(fragment) == 1:
        return Markup(fragment[0])  # noqa: S704
    return Markup("".join(values[piece] if i % 2 else piece for i, piece in enumerate(fragment)))  # noqa: S704


def _weight(key: Hashable, fragment: Fragment) -> int:
    return text_size(fragment) + key_size(key)


class FragmentCache(LRU[Fragment]):
    """Rendered fragments of this process, least recently used first out."""

    def __init__(self, max_fragments: int = MAX_FRAGMENTS, max_bytes: int = MAX_FRAGMENT_BYTES) -> None:
        super().__init__(max_fragments, max_bytes=max_bytes, weigh=_weight)

    def render(self, key: Hashable, render: Callable[[], str], values: Mapping[str, str]) -> Markup:
        """The fragment kept under ``key``, or ``render()`` (written with ``slot``s) kept now; filled."""
        fragment = self.get(key)
        if fragment is None:
            fragment = split(render())
            self.put(key, fragment)
        return fill(fragment, values)


def fragments() -> FragmentCache | None:
    """This app's kept fragments; None when FRAGMENT_CACHE is off (every part rendered afresh)."""
    return kept_for_app(_EXTENSION, "FRAGMENT_CACHE", FragmentCache)
