"""Runs of one letter ("sooo", "kill"), found in a whole post at once.

A regex that compares each letter with the next steps through every
character in the regex engine, which for a long post costs more than most
rules do. On ASCII text (nearly every post) scan() compares all the bytes
with their neighbours in a few whole-number operations instead: the post's
bytes XOR the same bytes shifted by one are zero exactly where a character
repeats. Other text takes the plain regex path.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .rules import canonical

_MARK = 0x80  # no ASCII byte has this bit, so a byte with it stands out
_LETTER_MARKS = bytes(_MARK if 97 <= b <= 122 else 0 for b in range(256))  # a-z
_MARKED = bytes(range(_MARK, 256))
_THREE = re.compile(r"([a-z])\1\1")


class Runs(NamedTuple):
    folded: str  # each run of one letter made one letter: "kiiill" -> "kil"
    stretched: bool  # whether a letter occurs three or more times in a row ("sooo")


@lru_cache(maxsize=8)  # a post's view is scanned for stretched words, then folded
def scan(text: str) -> Runs:
    if not text.isascii():
        return Runs(canonical(text), _THREE.search(text) is not None)
    raw = text.encode("ascii")
    if len(raw) < 2:
        return Runs(text, False)
    size = len(raw) - 1  # pairs of neighbours
    head = int.from_bytes(raw[:-1], "big")
    same = head ^ int.from_bytes(raw[1:], "big")  # a zero byte where neighbours are equal
    low = _low_bits(size)
    # Adding 0x7F to the low bits of a byte carries into its top bit unless they
    # are all 0, and never into the next byte: the top bit says "not zero".
    different = ((same & low) + low) | same
    letters = int.from_bytes(raw[:-1].translate(_LETTER_MARKS), "big")
    doubled = letters & ~different  # the top bit of each letter that its neighbour repeats
    if not doubled:
        return Runs(text, False)
    # Marking a byte's top bit and then deleting marked bytes drops the first of each pair.
    folded = ((head | doubled).to_bytes(size, "big") + raw[-1:]).translate(None, _MARKED)
    return Runs(folded.decode("ascii"), bool(doubled & (doubled >> 8)))


@lru_cache(maxsize=64)
def _low_bits(size: int) -> int:
    """0x7F7F...7F, `size` bytes long."""
    return ((1 << (8 * size)) - 1) // 0xFF * 0x7F
