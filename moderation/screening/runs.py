"""Runs of one letter ("sooo", "kill"), found in a whole post at once.

A regex that compares each letter with the next visits every character in
the interpreter's regex loop, which for a long post costs more than most
rules. On ASCII text (nearly every post) these functions compare all the
bytes with their neighbours in a few whole-string operations instead: the
post's bytes XOR the same bytes shifted by one are zero exactly where a
character repeats. Other text takes the plain regex path.
"""

from __future__ import annotations

import re

from .rules import canonical

_MARK = 0x80  # no ASCII byte has it, so a byte OR-ed with it stands out
_LETTER_MARKS = bytes(_MARK if 97 <= b <= 122 else 0 for b in range(256))  # a-z
_ZERO_MARKS = bytes([_MARK]) + bytes(255)
_MARKED = bytes(range(_MARK, 256))
_THREE = re.compile(r"([a-z])\1\1")


def fold(text: str) -> str:
    """The text with each run of one letter made one letter: "kiiill" -> "kil"."""
    doubled = _doubled_letters(text)
    if doubled is None:
        return canonical(text)
    if not doubled:
        return text
    raw = text.encode("ascii")
    # Mark the first letter of each equal pair, then delete the marked bytes.
    marked = (int.from_bytes(raw[:-1], "big") | int.from_bytes(doubled, "big"))
    return (marked.to_bytes(len(doubled), "big") + raw[-1:]).translate(None, _MARKED).decode()


def has_stretched(text: str) -> bool:
    """Whether a letter occurs three or more times in a row ("sooo")."""
    doubled = _doubled_letters(text)
    if doubled is None:
        return _THREE.search(text) is not None
    return bytes([_MARK, _MARK]) in doubled  # two equal pairs in a row


def _doubled_letters(text: str) -> bytes | None:
    """A byte per character but the last: _MARK where a letter equals the next
    character, else 0. None when the text is not ASCII."""
    if not text.isascii():
        return None
    raw = text.encode("ascii")
    if len(raw) < 2:
        return b""
    head, tail = int.from_bytes(raw[:-1], "big"), int.from_bytes(raw[1:], "big")
    same = (head ^ tail).to_bytes(len(raw) - 1, "big").translate(_ZERO_MARKS)
    letters = raw[:-1].translate(_LETTER_MARKS)
    doubled = int.from_bytes(same, "big") & int.from_bytes(letters, "big")
    return doubled.to_bytes(len(raw) - 1, "big") if doubled else b""

