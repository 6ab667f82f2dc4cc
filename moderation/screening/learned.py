"""What the risk model adds to a verdict: a risk score, the check-in lane, reasons.

Two thresholds on the model's crisis risk (set on a held-aside slice of the
training corpus, model/meta.json):
- at or above `high`: the crisis flow, as for a rule match (a "model.risk"
  match on the sentence that weighed most, so a listener sees why);
- at or above `check_in`: the post publishes as usual and the listeners get a
  "check in on this member" item (Verdict.check_in);
The model never removes a label a rule gave. Its misinformation score adds
a match too, tied to the nearest catalogue claim (meaning.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

import numpy as np

from . import language, meaning, risk
from .verdict import Match

MODEL_RULE = "model.risk"
# Whether the model's scores add labels of their own, beside the rules', set per label from
# what the model alone scores on the validation set (bench/screening.py), which it was never
# trained or tuned on; the thresholds come from the corpus's held-aside slice.
# Crisis: on from a precision of 0.85 at `high` (round 2's model: P 0.872 / R 0.833 there;
# round 1's, at 0.670, sent idioms and negations into the crisis flow and stayed off). A score
# between check_in and high still goes to the check-in lane, where a listener reads the post.
# Misinformation: round 2's model alone P 0.889 / R 0.873; its match is named after the nearest
# catalogue claim (meaning.py), and a held post costs a listener's review, not an alarm.
MODEL_ADDS_CRISIS = True
MODEL_ADDS_MISINFORMATION = True
# Below this many words the model labels nothing: a high crisis score goes to the check-in lane
# instead. Set when round 3's crisis-flow precision under 8 words was 0.82 on the held-aside slice
# (0.88 to 0.96 above). Round 5's is 0.947 there, yet it scores "Kim's reply stays." 0.92 and
# "I can't find my keys again." 0.88: a few words give it too little to go on, and the crisis
# flow on a chat line is alarming, while the check-in lane still reaches a listener. The rules
# still label short lines.
MODEL_LABEL_MIN_WORDS = 8
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_MOST_SENTENCES = 16  # scored one by one to find the one that weighed most
_NEIGHBOURS = 3
_KEPT_CONTROLS = "\n\t"


@dataclass(frozen=True)
class Assessment:
    risk: float | None = None
    check_in: bool = False
    reasons: tuple[str, ...] = ()
    matches: tuple[Match, ...] = ()


def assess(text: str, rule_labels: frozenset[str]) -> Assessment:
    """The model's view of one post, given the labels the rules already gave."""
    clean, positions = _printable(text)
    if not clean.strip():
        return Assessment()
    model = risk.model()
    windows = model.windows([clean])[0]
    top = max(windows, key=lambda w: w.probs[0])
    score = float(top.probs[0])
    untrusted = language.untrusted_reason(clean)
    if untrusted:
        why = f"{untrusted}: the model's score ({score:.2f}) is not trusted there; the rules decided"
        return Assessment(None, "crisis" not in rule_labels, (why,))
    labels_allowed = len(clean.split()) >= MODEL_LABEL_MIN_WORDS
    crisis = _crisis(model, text, clean, positions, top, rule_labels, labels_allowed)
    found, reasons = ((), ())
    if MODEL_ADDS_MISINFORMATION and labels_allowed:
        found, reasons = meaning.find(model, clean, windows, rule_labels)
    if not found:
        return crisis
    matches = tuple(meaning.as_match(f, text, positions) for f in found)
    return replace(crisis, reasons=crisis.reasons + reasons, matches=crisis.matches + matches)


def _crisis(
    model: risk.RiskModel,
    text: str,
    clean: str,
    positions: list[int],
    top: risk.Window,
    rule_labels: frozenset[str],
    labels_allowed: bool,
) -> Assessment:
    """The two-threshold decision on the riskiest window."""
    score, limits = float(top.probs[0]), model.thresholds
    if score < limits.check_in:
        return Assessment(round(score, 4))
    start, end, weight = _weightiest_sentence(model, clean, top)
    reasons = (
        f"model risk {score:.2f} (crisis flow from {limits.high:.2f}, check-in from {limits.check_in:.2f})",
        f"weighed most ({weight:.2f}): {clean[start:end].strip()[:200]}",
        *_neighbour_lines(model, top.embedding),
    )
    # A rule's crisis span already explains itself; the model's is the sentence that weighed most.
    if MODEL_ADDS_CRISIS and labels_allowed and score >= limits.high and "crisis" not in rule_labels:
        a, b = positions[start], positions[end - 1] + 1
        match = Match("crisis", MODEL_RULE, "model", a, b, text[a:b])
        return Assessment(round(score, 4), False, reasons, (match,))
    return Assessment(round(score, 4), "crisis" not in rule_labels, reasons)


def probabilities(text: str) -> np.ndarray | None:
    """The model's four label probabilities for a text (highest window each), or
    None for a blank text: what bench/screening.py scores as "the model alone"."""
    clean, _ = _printable(text)
    if not clean.strip():
        return None
    return np.max([w.probs for w in risk.model().windows([clean])[0]], axis=0)


def _printable(text: str) -> tuple[str, list[int]]:
    """The text without control and invisible format characters (zero-width
    spaces split words for the tokenizer), and each kept character's position."""
    positions = [
        i for i, c in enumerate(text) if c in _KEPT_CONTROLS or unicodedata.category(c) not in ("Cc", "Cf", "Cs")
    ]
    if len(positions) == len(text):
        return text, positions
    return "".join(text[i] for i in positions), positions


def _weightiest_sentence(model: risk.RiskModel, text: str, window: risk.Window) -> tuple[int, int, float]:
    """The sentence of the riskiest window that scores highest on its own."""
    spans = [
        _stripped(text, *m.span()) for m in _SENTENCE.finditer(text, window.start, window.end) if m.group().strip()
    ]
    spans = spans[:_MOST_SENTENCES] or [(window.start, window.end)]
    scores = [w[0].probs[0] for w in model.windows([text[a:b] for a, b in spans])]
    best = int(np.argmax(scores))
    return spans[best][0], spans[best][1], float(scores[best])


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while text[start].isspace():
        start += 1
    while text[end - 1].isspace():
        end -= 1
    return start, end


def _neighbour_lines(model: risk.RiskModel, embedding: np.ndarray) -> list[str]:
    lines = []
    for example, similarity in model.examples.nearest(embedding, _NEIGHBOURS):
        labels = ", ".join(example.labels) or "no label"
        lines.append(
            f"nearest example {example.id} [{example.tag}; {labels}] similarity {similarity:.2f}: "
            f"{example.excerpt[:120]}"
        )
    return lines
