"""The training corpus: loading, checking, and splitting it the same way every run.

The corpus lives in moderation/screening/corpus/*.jsonl (see its README). The
split is a pure function of each post's id, so a post never moves between the
training part and the held-aside slice when the corpus grows.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

LABELS = ("crisis", "misinformation", "ed-numbers", "profanity")
CORPUS_DIR = Path(__file__).resolve().parent.parent / "moderation" / "screening" / "corpus"
HELD_ASIDE_SHARE = 0.2  # for thresholds and the fine-tuned model's figures


def load(directory: Path = CORPUS_DIR) -> list[dict]:
    """Every post of every slice, checked: unique ids, known labels, text present."""
    posts, seen = [], set()
    for path in sorted(directory.glob("*.jsonl")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                post = json.loads(line)
            except json.JSONDecodeError:
                print(f"skipped {path.name}:{number}: not JSON (a writer may be mid-line)")
                continue
            problem = _problem(post, seen)
            if problem:
                print(f"skipped {path.name}:{number}: {problem}")
                continue
            seen.add(post["id"])
            posts.append({**post, "slice": path.stem})
    return posts


def _problem(post: dict, seen: set[str]) -> str | None:
    if not isinstance(post, dict) or not isinstance(post.get("text"), str) or not post["text"].strip():
        return "no text"
    if post.get("id") in seen:
        return f"duplicate id {post.get('id')!r}"
    if not set(post.get("labels", ())) <= set(LABELS):
        return f"unknown labels {post.get('labels')!r}"
    return None


def bucket(post_id: str, buckets: int) -> int:
    """A stable bucket for a post, from its id alone."""
    return int(hashlib.sha256(post_id.encode()).hexdigest()[:8], 16) % buckets


def held_aside(post: dict) -> bool:
    return bucket(post["id"], 100) < HELD_ASIDE_SHARE * 100


def fold(post: dict, folds: int = 5) -> int:
    return bucket("fold:" + post["id"], folds)


def targets(post: dict) -> list[float]:
    return [1.0 if label in post["labels"] else 0.0 for label in LABELS]
