"""Crisis resources, and what an author is told about their alert: the same in a page and in an event."""

from __future__ import annotations

import enum

RESOURCES = [
    {"name": "988 Suicide & Crisis Lifeline (US)", "how": "Call or text 988, or chat at 988lifeline.org",
     "url": "https://988lifeline.org"},
    {"name": "Crisis Text Line", "how": "Text HOME to 741741 (US and Canada), 85258 (UK), 50808 (Ireland)",
     "url": "https://www.crisistextline.org"},
    {"name": "Find a helpline in your country", "how": "Free, confidential lines worldwide",
     "url": "https://findahelpline.com"},
    {"name": "In immediate danger", "how": "Call your local emergency number (911 US, 999 UK, 112 EU)",
     "url": None},
]  # fmt: skip


class AlertState(enum.StrEnum):
    """Where an author's crisis alert stands, as far as the author may know it."""

    NONE = "none"  # no open crisis item of theirs
    TELLING = "telling"  # listeners are on duty; none has acknowledged the alert yet
    NO_LISTENER = "no_listener"  # nobody is on duty: the alert waits for the first who comes
    NOT_SEEN = "not_seen"  # listeners are on duty, but none acknowledged it within the wait
    SEEN = "seen"  # a listener's screen showed it (alert_seen) or a listener claimed it


_OPENING = "It sounds like things are really hard right now. We've held your words from the group"
_URGE = "If you might act on these thoughts, please contact one of these now."

MESSAGES = {
    AlertState.NONE: "",
    AlertState.TELLING: f"{_OPENING} and are letting the listeners on duty know. {_URGE}",
    AlertState.NO_LISTENER: f"{_OPENING}. No listener is online at this moment; the first one to come on duty "
    f"will see it and reach out to you here. Please don't wait for them. {_URGE}",
    AlertState.NOT_SEEN: "No listener has seen your post yet. Please don't wait: call or text 988, or text HOME "
    "to 741741, now. We'll tell you here as soon as a listener sees it.",
    AlertState.SEEN: "A listener has seen your post and will reach out here. If you might act on these "
    "thoughts before they do, please contact one of these now.",
}


def resources_payload(state: AlertState) -> dict:
    """The ``crisis_resources`` payload: ``listener_alerted`` is true only once a listener saw the alert."""
    return {"message": MESSAGES[state], "state": state.value, "listener_alerted": state is AlertState.SEEN,
            "resources": RESOURCES}  # fmt: skip
