"""Scoring the screener against labelled cases (the dev set, or any other).

Shared by bench/screening.py and the quality test, so both compute the
same figures.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import screen
from .verdict import LABELS


@dataclass(frozen=True)
class LabelScore:
    label: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_cases(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _screened_labels(case: dict) -> Iterable[str]:
    return screen(case["text"], case.get("condition", "mental-health")).labels


def score(
    cases: list[dict], labels_of: Callable[[dict], Iterable[str]] = _screened_labels
) -> tuple[dict[str, LabelScore], list[tuple[dict, tuple]]]:
    """Per-label scores, and the cases the screener got wrong with its labels.
    `labels_of` gives a case's labels (by default: screen() with rules and model)."""
    counts = {label: [0, 0, 0] for label in LABELS}
    errors = []
    for case in cases:
        got = tuple(labels_of(case))
        want = set(case["labels"])
        for label in LABELS:
            if label in got:
                counts[label][0 if label in want else 1] += 1
            elif label in want:
                counts[label][2] += 1
        if set(got) != want:
            errors.append((case, got))
    return {label: LabelScore(label, *c) for label, c in counts.items()}, errors
