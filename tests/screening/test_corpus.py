"""The training corpus: well-formed, and kept apart from the validation set and the check posts.

The validation set (dev-cases.jsonl) is only ever scored against. No corpus
post may be a copy or a near-copy of a validation post (training/separation.py:
word 3-gram shingles overlapping by half or more). Failures name post ids
only, never the texts (both sides hold health disclosures).
"""

import json
from pathlib import Path

import pytest

from moderation.screening import LABELS
from training.separation import near_duplicates

CORPUS = Path(__file__).resolve().parents[2] / "moderation" / "screening" / "corpus"
CHECK_POSTS = Path(__file__).resolve().parent / "check-posts.jsonl"


def corpus_posts() -> list[dict]:
    paths = sorted(CORPUS.glob("*.jsonl"))
    return [json.loads(line) for path in paths for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def posts():
    return corpus_posts()


def test_corpus_posts_are_well_formed_with_unique_ids(posts):
    assert len(posts) >= 1000
    ids = [p["id"] for p in posts]
    assert len(ids) == len(set(ids))
    for post in posts:
        assert isinstance(post["text"], str) and post["text"].strip(), post["id"]
        assert set(post["labels"]) <= set(LABELS), post["id"]
        assert post["condition"] in ("mental-health", "recovery", "eating-disorders"), post["id"]


def test_corpus_has_as_many_unflagged_posts_as_flagged(posts):
    flagged = sum(bool(p["labels"]) for p in posts)
    assert len(posts) - flagged >= flagged


def test_no_corpus_post_is_a_near_copy_of_a_validation_post(posts, dev_cases):
    # Ids and line numbers only: the texts are never printed.
    assert near_duplicates(posts, dev_cases) == []


def test_no_corpus_post_is_a_near_copy_of_a_check_post(posts):
    check = [json.loads(line) for line in CHECK_POSTS.read_text("utf-8").splitlines() if line.strip()]
    assert len(check) >= 400
    assert near_duplicates(posts, check) == []


def test_the_near_copy_check_finds_a_lightly_edited_copy():
    original = {"id": "v", "text": "some words that were written for the validation set and nowhere else at all"}
    edited = {"id": "c", "text": "some words that were written for the validation set and nowhere else"}
    unrelated = {"id": "u", "text": "a different post about a walk in the park with my dog this morning"}
    assert [hit[:2] for hit in near_duplicates([edited, unrelated], [original])] == [("c", 1)]
