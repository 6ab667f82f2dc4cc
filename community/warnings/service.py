"""Reading and saving a reader's folding choices."""

from __future__ import annotations

from community.accounts.models import User
from community.errors import InvalidInput
from community.extensions import db
from community.transactions import atomic
from community.warnings.models import ContentPreference
from community.warnings.topics import TOPICS


def folded_topics(reader: User | None) -> set[str]:
    """The topics this reader keeps folded: all of them until they choose (and for visitors)."""
    if reader is None or not reader.is_authenticated:
        return set(TOPICS)
    chosen = db.session.get(ContentPreference, reader.id)
    return set(TOPICS) if chosen is None else {t for t in chosen.folded_topics.split(",") if t in TOPICS}


@atomic
def choose_folded_topics(reader: User, topics: list[str]) -> None:
    if any(topic not in TOPICS for topic in topics):
        raise InvalidInput("Choose topics from the list.")
    chosen = db.session.get(ContentPreference, reader.id) or ContentPreference(user_id=reader.id)
    chosen.folded_topics = ",".join(t for t in TOPICS if t in topics)
    db.session.add(chosen)
