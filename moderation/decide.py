"""The decision step: from a verdict and where it was said, publish or hold, and why.

Pure: no Flask, no database. The queue calls it with facts it has looked up.
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
    masked = any(m.label == "profanity" and m.kind == "strong" for m in verdict.matches)
    if _holding_labels(verdict, eating_disorder_group=eating_disorder_group):
        return Decision(False, HoldReason.FLAGGED, crisis=verdict.has("crisis"), mask_profanity=masked)
    if premoderated:
        return Decision(False, HoldReason.PREMODERATED, mask_profanity=masked)
    if new_member:
        return Decision(False, HoldReason.NEW_MEMBER, mask_profanity=masked)
    return Decision(True, HoldReason.CLEAN, mask_profanity=masked)
