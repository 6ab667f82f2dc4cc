"""Profiles as a kind of moderated content (moderation.content.ContentKind): only ever reported.

A profile is a member's display name and bio. Nothing holds it before it shows, so it reaches
the queue only through a member's report (moderation.reports.report_profile); a listener keeps
it up, or takes it down, which clears the bio and puts the username back as the display name.
"""

from __future__ import annotations

from flask import url_for

from community.accounts.models import User
from community.errors import InvalidInput
from moderation.content import ContentKind
from moderation.screening import Verdict


class Profiles(ContentKind):
    name = "profile"
    label = "member profile"
    model = User

    def parts(self, member: User) -> tuple[str, ...]:
        return (member.display_name, member.bio or "")

    def render(self, member: User, shown: tuple[str, ...], verdict: Verdict) -> None:
        """A profile is stored as written and escaped where shown: nothing to render."""

    def on_published(self, member: User) -> None:
        """Profiles are never held, so never published by a listener."""

    def on_removed(self, member: User) -> None:
        member.display_name, member.bio = member.username, ""

    def url(self, member: User) -> str:
        return url_for("accounts.profile", username=member.username)

    def group_id(self, member: User) -> int | None:
        return None

    def text_of(self, member: User) -> str:
        return "\n\n".join(part for part in self.parts(member) if part)

    def set_text(self, member: User, text: str) -> None:
        raise InvalidInput("A listener can keep a profile up or clear it, not edit it.")


PROFILES = Profiles()
