"""Keeping the training corpus apart from the validation set.

A corpus post is a near copy of another text when their word 3-gram
shingles overlap by NEAR_DUPLICATE or more (Jaccard). Used by the corpus
sync (sync_corpus.py, which drops such posts) and by the test that checks
the committed corpus (tests/screening/test_corpus.py). Only ids and line
numbers are ever reported, never texts.
"""

from __future__ import annotations

import re
from collections import Counter

NEAR_DUPLICATE = 0.5
SHINGLE = 3
_WORD = re.compile(r"[a-z0-9']+")


def shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def near_duplicates(posts: list[dict], others: list[dict]) -> list[tuple[str, int, float]]:
    """(post id, other's line number from 1, Jaccard) for each pair at or above NEAR_DUPLICATE."""
    other_shingles = [shingles(o["text"]) for o in others]
    holders: dict[tuple[str, ...], list[int]] = {}
    for number, found in enumerate(other_shingles):
        for shingle in found:
            holders.setdefault(shingle, []).append(number)
    hits = []
    for post in posts:
        mine = shingles(post["text"])
        shared = Counter(n for shingle in mine for n in holders.get(shingle, ()))
        for number, common in shared.items():
            jaccard = common / len(mine | other_shingles[number])
            if jaccard >= NEAR_DUPLICATE:
                hits.append((post["id"], number + 1, round(jaccard, 2)))
    return hits
