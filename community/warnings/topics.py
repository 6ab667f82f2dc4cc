"""The topics a post can be folded behind. Keys are stored; labels are what members read."""

from __future__ import annotations

from community.errors import InvalidInput

TOPICS = {
    "self-harm": "Self-harm",
    "suicide": "Suicide",
    "eating-disorders": "Eating disorders",
    "substance-use": "Substance use",
    "abuse": "Abuse",
    "other": "Other",
}


def clean_topic(topic: object) -> str | None:
    """A topic key, or None for no warning; anything else is refused with a clear message."""
    if topic in (None, ""):
        return None
    if topic not in TOPICS:
        raise InvalidInput("Choose a content warning from the list, or none.")
    return topic
