"""5-fold cross-validation of the frozen encoder + logistic regression on the corpus.

A full fine-tune five times over is too slow for this machine, so the
cross-validated figure is for the cheaper variant (frozen all-MiniLM-L6-v2
embeddings, one logistic regression per label); the fine-tuned model's
figure comes from the held-aside slice instead. Reports say which is which.
"""

from __future__ import annotations

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression

from . import corpus
from .finetune import RiskNet, predict
from .metrics import label_scores

FOLDS = 5


def frozen_embeddings(texts: list[str]) -> np.ndarray:
    net = RiskNet()  # the head is untrained; only the embeddings are used
    net.eval()
    return predict(net, texts)[1].numpy()


def cross_validate(posts: list[dict]) -> dict[str, dict[str, float]]:
    """Per-label precision/recall/F1 at 0.5, out of fold, over the whole corpus."""
    torch.manual_seed(0)
    x = frozen_embeddings([p["text"] for p in posts])
    y = np.array([corpus.targets(p) for p in posts])
    folds = np.array([corpus.fold(p, FOLDS) for p in posts])
    out = np.zeros_like(y)
    for k in range(FOLDS):
        train, test = folds != k, folds == k
        for j in range(len(corpus.LABELS)):
            if y[train, j].min() == y[train, j].max():
                continue
            model = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced")
            model.fit(x[train], y[train, j])
            out[test, j] = model.predict_proba(x[test])[:, 1]
    return label_scores(y, out)
