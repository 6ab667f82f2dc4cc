"""Views of a post for matching. Every view keeps the original's length.

Keeping lengths equal means a match in a view is already a span of the
original text, so no offset table is needed and masking stays exact.
Stretched letters ("sooo") are handled by the rule compiler instead
(see rules.stretch), not by shortening the text.
"""

from __future__ import annotations

import re

# Curly quotes and look-alike apostrophes become ASCII, one char for one char.
_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u201c": '"', "\u201d": '"', "\u00b4": "'"}
)

# Leetspeak, mapped only when the character sits inside a word (sh1t, su!c!dal,
# a$$hole, f@g), so numbers, prices, @mentions and "hi!" stay as written.
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l"}
)
_LEET_RUN = re.compile(r"[013457@$!|]+(?=[a-z])")
_SPACED = re.compile(r"(?<![\w])(?:[a-z][ .\-_*]){2,}[a-z](?![\w])")


# Most posts have neither leetspeak nor spaced-out letters, and a regex over
# the whole post to say so costs more than a byte translation and a substring
# search. Each character becomes one byte for its kind (other characters'
# UTF-8 bytes become "x"): a letter "a", a leet digit "1", another leet
# character "2", a separator of spaced letters " ", another digit "w". Then
# leetspeak that _unleet changes is "a1", "a2" or a "$", and a spaced-out word
# ends with two single letters not followed by a word character (" l l").
def _kind(byte: int) -> str:
    char = chr(byte)
    for kind, chars in (
        ("a", "abcdefghijklmnopqrstuvwxyz"),
        ("1", "013457"),
        ("2", "@$!|"),
        (" ", " .-_*"),
        ("w", "2689"),
    ):
        if char in chars:
            return kind
    return "x"


_KINDS = "".join(map(_kind, range(256))).encode("ascii")
_SPACED_HINT = re.compile(rb" a a(?![a1w])")
_QUOTE_CHARS = re.compile("[\u2019\u2018\u02bc`\u201c\u201d\u00b4]")
_NOT_SEPARATOR = re.compile(r"[ .\-_*]")
_DIGIT = re.compile(r"\d")


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters (e.g. "İ") grow when lowered; keep those as they are.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def plain(text: str) -> str:
    """Lowercase with ASCII quotes: for numbers (ed-numbers) and claims."""
    lowered = _lower(text)
    curly = "`" in lowered if lowered.isascii() else _QUOTE_CHARS.search(lowered)
    return lowered.translate(_QUOTES) if curly else lowered


def deobfuscated(plain_text: str) -> str:
    """A plain() text with leetspeak undone and spaced letters joined: for words.

    "k i l l" becomes "kill" followed by padding spaces, so the view keeps the
    original length; rules treat any run of spaces as one.
    """
    view = plain_text
    kinds = _kinds(view)
    if b"a1" in kinds or b"a2" in kinds or "$" in view:
        view = _LEET_RUN.sub(_unleet, view)
        kinds = _kinds(view) if view != plain_text else kinds
    if _SPACED_HINT.search(kinds) and _SPACED.search(view):
        view = _SPACED.sub(_join_spaced, view)
    return view


def _kinds(text: str) -> bytes:
    return text.encode("utf-8", "replace").translate(_KINDS)


def _unleet(match: re.Match) -> str:
    """Undo leetspeak inside a word (sh1t) or a leading "$" ($hit), not in "4am"."""
    start, run = match.start(), match.group()
    inside = start > 0 and "a" <= match.string[start - 1] <= "z"
    leading_dollar = run == "$" and (start == 0 or not match.string[start - 1].isalnum())
    return run.translate(_LEET) if inside or leading_dollar else run


def _join_spaced(match: re.Match) -> str:
    joined = _NOT_SEPARATOR.sub("", match.group())
    return joined + " " * (len(match.group()) - len(joined))


def has_digit(text: str) -> bool:
    """Whether text has a digit (\\d). On ASCII text, ten substring tests are
    several times faster than a regex scan."""
    if text.isascii():
        return any(digit in text for digit in "0123456789")
    return _DIGIT.search(text) is not None


def spaced_run_end(text: str, start: int) -> int | None:
    """If a spaced-out word starts at `start`, where its letters end in the original."""
    found = _SPACED.match(plain(text), start)
    return found.end() if found else None
