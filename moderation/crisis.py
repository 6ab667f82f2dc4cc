"""Crisis resources: shown to an author at once, the same in a page and in an event."""

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

AUTHOR_MESSAGE = (
    "It sounds like things are really hard right now. We've held your words from the group "
    "and told a trained listener, who will reach out to you here. If you might act on these "
    "thoughts, please contact one of these now."
)


def resources_payload(listener_alerted: bool) -> dict:
    return {"message": AUTHOR_MESSAGE if listener_alerted else AUTHOR_MESSAGE.replace(
        "and told a trained listener, who will reach out to you here", "and a listener will see it soon"
    ), "resources": RESOURCES, "listener_alerted": listener_alerted}  # fmt: skip
