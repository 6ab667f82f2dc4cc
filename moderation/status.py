"""Where a piece of member content stands. Shared by posts, chat messages and questions."""

import enum


class ContentStatus(enum.StrEnum):
    PUBLISHED = "published"  # everyone who may read the place sees it
    HELD = "held"  # waiting for a listener: only its author and listeners see it
    REJECTED = "rejected"  # a listener declined it: its author sees why and may revise
    REMOVED = "removed"  # taken down after publishing
    DELETED = "deleted"  # its author deleted it; the text is gone
