"""Runs of one letter ("sooo", "kill"), found in a whole post at once.

A regex that compares each letter with the next steps through every
character in the regex engine, which for a long post costs more than most
rules do. scan() compares all of a post's bytes with their neighbours in a
few whole-number operations instead: the bytes XOR the same bytes shifted by
one are zero exactly where a character repeats.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

_MARK = 0x80  # no ASCII byte has this bit, so a byte with it stands out
_LETTER_MARKS = bytes(_MARK if 97 <= b <= 122 else 0 for b in range(256))  # a-z


class Runs(NamedTuple):
    folded: str  # each run of one letter made one letter: "kiiill" -> "kil"
    stretched: bool  # whether a letter occurs three or more times in a row ("sooo")


@lru_cache(maxsize=8)  # a post's view is scanned for stretched words, then folded
def scan(text: str) -> Runs:
    # UTF-8 keeps a-z as single bytes and writes every other character with
    # bytes of 0x80 and up, so letters and their runs are the same as in text.
    raw = text.encode("utf-8", "surrogatepass")
    if len(raw) < 2:
        return Runs(text, False)
    size = len(raw) - 1  # pairs of neighbours
    head = int.from_bytes(raw[:-1], "big")
    same = head ^ int.from_bytes(raw[1:], "big")  # a zero byte where neighbours are equal
    low = _low_bits(size)
    # Adding 0x7F to the low 7 bits of a byte carries into its top bit unless
    # they are all 0, and never into the next byte: the top bit says "not zero".
    different = ((same & low) + low) | same
    letters = int.from_bytes(raw[:-1].translate(_LETTER_MARKS), "big")
    doubled = letters & ~different  # the top bit of each letter that its neighbour repeats
    if not doubled:
        return Runs(text, False)
    # Set each first letter of a pair to 0xFF, a byte UTF-8 never uses, and delete those.
    dropped = (head | (doubled >> 7) * 0xFF).to_bytes(size, "big") + raw[-1:]
    folded = dropped.translate(None, b"\xff").decode("utf-8", "surrogatepass")
    return Runs(folded, bool(doubled & (doubled >> 8)))


@lru_cache(maxsize=64)
def _low_bits(size: int) -> int:
    """0x7F7F...7F, `size` bytes long."""
    return ((1 << (8 * size)) - 1) // 0xFF * 0x7F
