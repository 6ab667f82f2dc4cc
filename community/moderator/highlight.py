"""The screened text with each matched span marked, so a listener sees why it was held."""

from __future__ import annotations

from markupsafe import Markup, escape


def highlight(text: str, matches: list[dict]) -> Markup:
    """Escape ``text`` and wrap each match in <mark> naming its rule and kind.

    Overlapping spans are merged into the first, so marks never nest or cross.
    """
    pieces, cursor = [], 0
    for match in sorted(matches, key=lambda m: (m["start"], -m["end"])):
        start, end = match["start"], match["end"]
        if start < cursor or end > len(text) or start >= end:
            continue
        title = f"{match['label']}: {match['rule']} ({match['kind']})"
        pieces.append(escape(text[cursor:start]))
        pieces.append(Markup('<mark title="{}" data-label="{}">{}</mark>').format(
            title, match["label"], text[start:end]))  # fmt: skip
        cursor = end
    pieces.append(escape(text[cursor:]))
    return Markup("").join(pieces)
