"""What a notice about a group shows: its name and page (an answer to a request to join it).

Every group is listed, private ones too, so the notice can always name it; the page
itself shows a private group's threads only to its members.
"""

from __future__ import annotations

from community.accounts.models import User
from community.extensions import db
from community.groups.models import Group
from community.notifications.targets import Target


def group_target(group_id: int, viewer: User) -> Target | None:
    group = db.session.get(Group, group_id)
    return Target(group.name, f"/g/{group.slug}") if group is not None else None
