"""Benchmark the content screener: quality on the dev set, then throughput.

    python bench/screening.py

Prints precision, recall and F1 per label on tests/screening/dev-cases.jsonl,
then posts/second for realistic 200-word forum posts and chat lines/second
for short chat lines, screened one at a time on one core.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from moderation.screening import screen  # noqa: E402
from moderation.screening.evaluation import load_cases, score  # noqa: E402

DEV_SET = ROOT / "tests" / "screening" / "dev-cases.jsonl"
CONDITIONS = ("mental-health", "recovery", "eating-disorders")

# Everyday sentences of the kind our groups post: long posts are mostly these,
# with a labelled dev-set post mixed in now and then (about half the posts get
# one; half of those are flagged, half are hard negatives).
DEV_SENTENCE_SHARE = 0.05
FILLER = [
    "Today was a long day but I made it through.",
    "I had my appointment with the therapist this morning and we talked about my mum.",
    "My sponsor says one day at a time and honestly it helps.",
    "I've been trying to eat regular meals and keep to my plan.",
    "Work has been stressful and the commute is killing me this week.",
    "Does anyone else find that evenings are the hardest part of the day?",
    "I went for a walk by the river and listened to a podcast about recovery.",
    "My dog is the reason I get out of bed on the bad days.",
    "I called my sister and we laughed about something stupid from when we were kids.",
    "The meeting on Thursday was really good, a new person shared for the first time.",
    "I'm still on the waiting list for the clinic but my GP has been supportive.",
    "Sleep has been rubbish lately, I keep waking up at 4am.",
    "I made soup and actually ate a whole bowl without counting anything.",
    "Some days I feel like I'm doing great and other days I feel stuck.",
    "Thanks to everyone who replied to my last post, it meant a lot.",
    "I'm trying to be kinder to myself when I slip up.",
    "My partner came with me to the family session and it went better than I expected.",
    "I've started journaling before bed and writing three things I'm grateful for.",
    "The weather has been grey for weeks and it really gets to me.",
    "I don't know what I'd do without this group honestly.",
]


def chat_lines(cases: list[dict], rng: random.Random, count: int) -> list[str]:
    short = [c["text"] for c in cases if len(c["text"].split()) <= 14]
    casual = [
        "lol same",
        "hey everyone",
        "how's everyone doing tonight?",
        "omg yes",
        "sending hugs 💜",
        "brb making tea",
        "that's so true",
        "good morning!",
        "anyone around?",
        "proud of you!!",
        "ugh mondays",
        "night all x",
    ]
    return [rng.choice(short) if rng.random() < 0.3 else rng.choice(casual) for _ in range(count)]


def long_posts(cases: list[dict], rng: random.Random, count: int) -> list[str]:
    posts = []
    for _ in range(count):
        words: list[str] = []
        while len(words) < 200:
            pick = rng.choice(cases)["text"] if rng.random() < DEV_SENTENCE_SHARE else rng.choice(FILLER)
            words.extend(pick.split())
        posts.append(" ".join(words[:200]))
    return posts


def throughput(texts: list[str], rng: random.Random) -> float:
    for text in texts[:50]:  # load rules and warm caches before timing
        screen(text)
    conditions = [rng.choice(CONDITIONS) for _ in texts]
    start = time.perf_counter()
    for text, condition in zip(texts, conditions, strict=True):
        screen(text, condition)
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    cases = load_cases(DEV_SET)
    scores, errors = score(cases)
    print(f"dev set: {len(cases)} cases, {len(errors)} with any label wrong")
    print(f"{'label':16}{'precision':>10}{'recall':>10}{'f1':>10}{'tp':>6}{'fp':>6}{'fn':>6}")
    for s in scores.values():
        print(f"{s.label:16}{s.precision:10.3f}{s.recall:10.3f}{s.f1:10.3f}{s.tp:6}{s.fp:6}{s.fn:6}")
    rng = random.Random(20261121)
    posts = long_posts(cases, rng, 4000)
    print(f"200-word posts: {throughput(posts, rng):,.0f} posts/s")
    lines = chat_lines(cases, rng, 40000)
    print(f"chat lines: {throughput(lines, rng):,.0f} lines/s")


if __name__ == "__main__":
    main()
