"""Precision, recall, F1 and threshold choice on scored posts (training side)."""

from __future__ import annotations

import numpy as np

from . import corpus


def prf(truth: np.ndarray, flagged: np.ndarray) -> dict[str, float]:
    tp = float((truth & flagged).sum())
    fp = float((~truth & flagged).sum())
    fn = float((truth & ~flagged).sum())
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "support": tp + fn}


def label_scores(y: np.ndarray, scores: np.ndarray, threshold: float = 0.5) -> dict[str, dict[str, float]]:
    return {label: prf(y[:, j] > 0.5, scores[:, j] >= threshold) for j, label in enumerate(corpus.LABELS)}


def high_precision_threshold(truth: np.ndarray, scores: np.ndarray, precision: float) -> float:
    """The lowest threshold from which every higher one keeps `precision` (the crisis flow):
    one lucky point low down does not set it."""
    chosen = 1.0
    for t in np.unique(scores)[::-1]:
        flagged = scores >= t
        if (truth & flagged).sum() / flagged.sum() < precision:
            break
        chosen = float(t)
    return chosen


def recall_threshold(truth: np.ndarray, scores: np.ndarray, recall: float) -> float:
    """The highest threshold that still catches `recall` of the positives (the check-in lane)."""
    positives = np.sort(scores[truth])[::-1]
    if not len(positives):
        return 0.5
    return float(positives[min(len(positives) - 1, int(np.ceil(recall * len(positives))) - 1)])


def best_f1_threshold(truth: np.ndarray, scores: np.ndarray, floor: float = 0.5) -> float:
    """The threshold (at least `floor`) with the best F1: for a label whose cost is a listener's
    review, not an alarm, missing a post weighs as much as holding one needlessly."""
    candidates = np.unique(scores[scores >= floor])
    if not len(candidates) or not truth.any():
        return floor
    f1 = [prf(truth, scores >= t)["f1"] for t in candidates]
    return float(candidates[int(np.argmax(f1))])
