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

import threading

import numpy as np

from . import misinformation, risk
from .verdict import Match

MODEL_RULE = "model.misinformation"
_NEAREST_CLAIM = 0.35  # cosine similarity below which no catalogue claim is named
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


def find(model: risk.RiskModel, windows: list[risk.Window], rule_labels: frozenset[str]):
    """(matches, reasons) for a post the rules did not already call misinformation."""
    top = max(windows, key=lambda w: w.probs[1])
    score = float(top.probs[1])
    if "misinformation" in rule_labels or score < model.thresholds.misinformation:
        return (), ()
    claims, vectors = claim_vectors(model)
    similarity = vectors @ top.embedding
    best = int(np.argmax(similarity))
    claim = claims[best] if similarity[best] >= _NEAREST_CLAIM else None
    rule, kind = (claim.id, claim.topic) if claim else (MODEL_RULE, "model")
    named = f"nearest catalogue claim {claim.id} ({similarity[best]:.2f}): {claim.summary}" if claim else ""
    reason = f"model misinformation score {score:.2f} (from {model.thresholds.misinformation:.2f})"
    return ((rule, kind, top.start, top.end),), tuple(filter(None, (reason, named)))


def as_match(found: tuple[str, str, int, int], text: str, positions: list[int]) -> Match:
    rule, kind, start, end = found
    a, b = positions[start], positions[end - 1] + 1
    return Match("misinformation", rule, kind, a, b, text[a:b])
