"""Which content warning to suggest to an author, from what the screener already finds.

One mapping from the screener's findings to the warning topics (community.warnings.topics):
- a rule's match, by its kind (body numbers and thin-ideal talk: eating disorders);
- words that name a topic outright ("relapsed", "cutting", "purged"): an author who writes
  them is writing about it, whatever the risk, and the model's neighbours rank risk better
  than topic (round 2's model put a self-harm urge nearest passive-ideation posts);
- the risk model's "possible risk" (verdict.check_in), by the tags of the labelled corpus
  examples nearest the post, which the verdict's reasons name (learned._neighbour_lines).
  Two of the nearest must agree, and the post must have some length: the neighbours of a few
  words ("How do you start the day?") are noise, and a wrong topic is worse than none.

Never a suggestion for a crisis: that content goes the crisis way at once (the caller submits
it as it would without a suggestion), and nobody is asked about formatting in an emergency.
"""

from __future__ import annotations

import re
from collections import Counter

from community.offload import run_blocking
from moderation import screening
from moderation.screening import Verdict

# A rule match's (label, kind) -> topic. Crisis kinds are absent: a crisis is never suggested.
RULE_TOPICS = {
    ("ed-numbers", "number"): "eating-disorders",
    ("ed-numbers", "thinspo"): "eating-disorders",
}

# The corpus tags of the risk model's nearest examples -> topic. Tags not named here
# (everyday talk, misinformation about medicines, profanity) suggest nothing.
TAG_TOPICS = {
    "crisis-selfharm": "self-harm",
    # Warning signs, farewells, slang and emoji say how risk shows, not what it is about: not named here.
    **dict.fromkeys(("crisis-active", "crisis-passive", "crisis-plan", "crisis-past-current"), "suicide"),
    **dict.fromkeys(("crisis-ed-medical", "ed-number", "ed-thinspo", "hn-ednum", "misinfo-ed"), "eating-disorders"),
    **dict.fromkeys(
        (
            "crisis-overdose",
            "crisis-withdrawal",
            "crisis-relapse-danger",
            "hn-relapse",
            "misinfo-addiction",
            "misinfo-withdrawal",
            "misinfo-mat",
            "misinfo-harm-reduction",
            "prof-relapse",
        ),
        "substance-use",
    ),  # fmt: skip
    "crisis-threat": "abuse",
}
# Words that name a topic outright, whole words, in the order they are tried.
TOPIC_WORDS = {
    "self-harm": r"self[- ]?harm\w*|sh urges?|cut(?:ting)? (?:myself|again)|cutting|burn(?:ed|t|ing) myself",
    "eating-disorders": r"binge\w*|purg(?:e|ed|ing)|restrict(?:ed|ing)|anorexi\w*|bulimi\w*|laxatives?",
    "substance-use": r"relaps\w*|sober|sobriety|drank|drinking|using again|used again|clean time|cravings?|detox",
    "suicide": r"suicid\w*",
}
_TOPIC_WORD = {topic: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for topic, words in TOPIC_WORDS.items()}
_NEIGHBOUR_TAG = re.compile(r"^nearest example \S+ \[([a-z-]+);")
_AGREEING_NEIGHBOURS = 2
_FEWEST_WORDS_FOR_NEIGHBOURS = 10


def suggested_topic(text: str, condition: str) -> str | None:
    """The topic to offer for ``text``, or None (nothing sensitive found, or a crisis)."""
    return topic_for(run_blocking(screening.screen, text, condition=condition), text)


def topic_for(verdict: Verdict, text: str) -> str | None:
    if verdict.has("crisis"):
        return None
    for match in verdict.matches:
        if (match.label, match.kind) in RULE_TOPICS:
            return RULE_TOPICS[(match.label, match.kind)]
    named = next((topic for topic, finder in _TOPIC_WORD.items() if finder.search(text)), None)
    if named:
        return named
    if verdict.check_in and len(text.split()) >= _FEWEST_WORDS_FOR_NEIGHBOURS:
        return _topic_of_neighbours(verdict)
    return None


def _topic_of_neighbours(verdict: Verdict) -> str | None:
    tags = [m.group(1) for m in map(_NEIGHBOUR_TAG.match, verdict.reasons) if m]
    topics = Counter(TAG_TOPICS[tag] for tag in tags if tag in TAG_TOPICS)
    if not topics:
        return None
    topic, votes = topics.most_common(1)[0]
    return topic if votes >= _AGREEING_NEIGHBOURS else None
