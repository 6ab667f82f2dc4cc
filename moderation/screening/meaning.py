"""Misinformation by meaning: the model's "asserts a false health claim" score,
tied to the nearest claim of the catalogue (data/claims.toml).

The rules find a claim only in the words their patterns foresaw. The model
was trained on asserted, debunked and questioned claims alike (the corpus's
misinformation slice), so its score is for the stance as well as the topic.
When it passes the threshold set on the held-aside slice, the post gets a
misinformation match on the window that scored highest, named after the
catalogue claim whose summary is nearest in meaning, so a listener can
attach that claim's correction. A claim farther than _NEAREST_CLAIM is not
named: the match is then "model.misinformation", without a correction.
"""

from __future__ import annotations

import functools
import math
import re
import threading
from collections import Counter

import numpy as np

from . import misinformation, risk
from .verdict import Match

MODEL_RULE = "model.misinformation"
_NEAREST_CLAIM = 0.35  # combined similarity below which no catalogue claim is named
# The fine-tuned embedding ranks stance better than topic (it was trained to tell asserting from
# debunking), so the claim is found by the words a post shares with it as well: a TF-IDF cosine
# over each claim's summary and correction, weighed equally with the embedding's.
_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_COMMON = frozenset(
    "the and you your are for not but can just with that this have has had was were will its they them "
    "their there what when who why how all any been from into out our ours than then too very more most "
    "some such only own same so no nor off over under again once here about doesn don isn aren".split()
)
_lock = threading.Lock()
_claims: dict[int, tuple[tuple[misinformation.Claim, ...], np.ndarray]] = {}


def claim_vectors(model: risk.RiskModel) -> tuple[tuple[misinformation.Claim, ...], np.ndarray]:
    """The catalogue's claims and the unit embeddings of their summaries (made once per model)."""
    key = id(model)
    if key not in _claims:
        with _lock:
            claims = misinformation.all_claims()
            windows = model.windows([claim.summary for claim in claims])
            _claims[key] = claims, np.stack([w[0].embedding for w in windows])
    return _claims[key]


def _words(text: str) -> Counter:
    return Counter(w for w in _WORD.findall(text.lower()) if w not in _COMMON)


@functools.cache
def _claim_terms() -> tuple[dict[str, float], np.ndarray, list[str]]:
    """Each claim's TF-IDF vector over the catalogue's vocabulary (unit length), and the idf."""
    documents = [_words(f"{c.summary} {c.correction}") for c in misinformation.all_claims()]
    vocabulary = sorted({w for d in documents for w in d})
    idf = {w: math.log((1 + len(documents)) / (1 + sum(w in d for d in documents))) + 1 for w in vocabulary}
    matrix = np.array([[d[w] * idf[w] for w in vocabulary] for d in documents], dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True).clip(min=1e-9)
    return idf, matrix, vocabulary


def _lexical(text: str) -> np.ndarray:
    """The TF-IDF cosine of ``text`` with each claim."""
    idf, matrix, vocabulary = _claim_terms()
    counts = _words(text)
    vector = np.array([counts[w] * idf[w] for w in vocabulary], dtype=np.float32)
    norm = float(np.linalg.norm(vector))
    return matrix @ vector / norm if norm else np.zeros(len(matrix), dtype=np.float32)


def nearest_claim(model: risk.RiskModel, text: str, embedding: np.ndarray):
    """(claim or None, similarity): the catalogue claim nearest to a post in words and meaning."""
    claims, vectors = claim_vectors(model)
    similarity = 0.5 * (vectors @ embedding) + 0.5 * _lexical(text)
    best = int(np.argmax(similarity))
    return (claims[best] if similarity[best] >= _NEAREST_CLAIM else None), float(similarity[best])


def find(model: risk.RiskModel, text: str, windows: list[risk.Window], rule_labels: frozenset[str]):
    """(matches, reasons) for a post the rules did not already call misinformation."""
    top = max(windows, key=lambda w: w.probs[1])
    score = float(top.probs[1])
    if "misinformation" in rule_labels or score < model.thresholds.misinformation:
        return (), ()
    claim, similarity = nearest_claim(model, text[top.start : top.end], top.embedding)
    rule, kind = (claim.id, claim.topic) if claim else (MODEL_RULE, "model")
    named = f"nearest catalogue claim {claim.id} ({similarity:.2f}): {claim.summary}" if claim else ""
    reason = f"model misinformation score {score:.2f} (from {model.thresholds.misinformation:.2f})"
    return ((rule, kind, top.start, top.end),), tuple(filter(None, (reason, named)))


def as_match(found: tuple[str, str, int, int], text: str, positions: list[int]) -> Match:
    rule, kind, start, end = found
    a, b = positions[start], positions[end - 1] + 1
    return Match("misinformation", rule, kind, a, b, text[a:b])
