"""Mixed posts: one crisis line among ordinary ones, and ordinary lines together.

The model pools a window's tokens by their mean, so one crisis sentence among
everyday news is diluted: "Bought a rope today. Tested the beam in the garage."
scored 0.95 alone and 0.06 inside a post about work and the weather. Real posts
look like that (the risk is said once, between mundane details), so the
training set gets posts built the same way from the training part of the
corpus: a short crisis post placed among one to three short posts with no
label (labelled crisis), and as many mixes of short unlabelled or look-alike
posts (labelled with the union of their parts' labels, usually none), so that
length and the seams between parts never give the label away.

Only training posts are mixed: the held-aside slice, which sets the thresholds,
stays as written.
"""

from __future__ import annotations

import random

SHORT_WORDS = 45  # a part of a mix; the mix stays within one 128-token window
MIXES_PER_SIDE = 500
_JOINERS = (" ", "  ", "\n", "\n\n", ". ", " ... ", " tbh ", " anyway ")


def mixes(training: list[dict], seed: int = 0, per_side: int = MIXES_PER_SIDE) -> list[dict]:
    """Mixed posts built from ``training`` (never from the held-aside slice)."""
    rng = random.Random(seed)
    short = [p for p in training if len(p["text"].split()) <= SHORT_WORDS]
    crisis = [p for p in short if "crisis" in p["labels"]]
    plain = [p for p in short if not p["labels"]]
    if not crisis or len(plain) < 3:
        return []
    out = []
    for n in range(per_side):
        out.append(_mix(rng, rng.choice(crisis), rng.sample(plain, rng.randint(1, 3)), f"mix-c-{n:04d}"))
        parts = rng.sample(plain, rng.randint(2, 4))
        out.append(_mix(rng, parts[0], parts[1:], f"mix-n-{n:04d}"))
    return out


def _mix(rng: random.Random, core: dict, others: list[dict], post_id: str) -> dict:
    parts = [core, *others]
    rng.shuffle(parts)
    text = parts[0]["text"]
    for part in parts[1:]:
        text += rng.choice(_JOINERS) + part["text"]
    labels = sorted({label for part in parts for label in part["labels"]})
    return {"id": post_id, "text": text, "labels": labels, "note": "mix", "slice": "mix"}
