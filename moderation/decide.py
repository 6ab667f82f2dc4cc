"""The decision step: from a verdict and where it was said, publish or hold, and why.

Pure: no Flask, no database. The pipeline calls it with facts it has looked up.

Two lanes lead to a listener besides the ordinary queue. A crisis (a rule, or the
model's high risk) is held and alerts listeners at once. Possible risk short of that
(``verdict.check_in``) holds nothing: the content goes out as it otherwise would, and
a listener is asked to check in on the member, who is told nothing alarming.
"""

from __future__ import annotations

from dataclasses import dataclass

from moderation.models import HoldReason
from moderation.screening import Verdict

# A new member's first posts wait for a listener; after this many approved, they don't.
NEW_MEMBER_HELD_POSTS = 2


@dataclass(frozen=True)
class Decision:
    publish: bool
    reason: HoldReason
    crisis: bool = False
    mask_profanity: bool = False
    check_in: bool = False  # a listener should check in on the member (never with crisis)

    @property
    def needs_listener(self) -> bool:
        """Whether the queue item waits for a listener (held content, or a check-in)."""
        return not self.publish or self.check_in


def _holding_labels(verdict: Verdict, *, eating_disorder_group: bool) -> list[str]:
    """The labels in this verdict that hold content here (the others only note it)."""
    held = []
    if verdict.has("crisis"):
        held.append("crisis")
    if verdict.has("misinformation"):
        held.append("misinformation")
    # Body numbers harm in eating-disorder groups; elsewhere they are noted, not held.
    if verdict.has("ed-numbers") and eating_disorder_group:
        held.append("ed-numbers")
    if any(m.label == "profanity" and m.kind != "strong" for m in verdict.matches):
        held.append("profanity")  # slurs and harassment; strong words alone are masked
    return held


def decide(verdict: Verdict, *, eating_disorder_group: bool, premoderated: bool,
           new_member: bool) -> Decision:  # fmt: skip
    """Publish or hold, and why. ``new_member`` is False where new members are not held (chat)."""
    masked = any(m.label == "profanity" and m.kind == "strong" for m in verdict.matches)
    crisis = verdict.has("crisis")
    # The crisis flow outranks a check-in: nobody is asked to "check in" on an emergency.
    flags = {"mask_profanity": masked, "check_in": verdict.check_in and not crisis}
    if _holding_labels(verdict, eating_disorder_group=eating_disorder_group):
        return Decision(False, HoldReason.FLAGGED, crisis=crisis, **flags)
    if premoderated:
        return Decision(False, HoldReason.PREMODERATED, **flags)
    if new_member:
        return Decision(False, HoldReason.NEW_MEMBER, **flags)
    return Decision(True, HoldReason.CLEAN, **flags)


def unreviewed() -> Decision:
    """For a private chat with a listener, who reads every word: nothing is held or queued."""
    return Decision(True, HoldReason.CLEAN)
