"""Two tabs of one member entering a room for the first time at once: the choice one of them stored
stands for both, and the other's join succeeds instead of failing on the unique key.

Found by the two-process test (tests/cluster/test_losing_access_across_processes.py): a second
join_chat racing the first got an error ack and a UniqueViolation traceback in the log.
"""

from __future__ import annotations

from community.accounts.service import find_by_username
from community.chat import identity
from community.chat.models import ChatIdentity
from community.extensions import db


def test_a_choice_another_tab_stored_a_moment_ago_stands(make_user, room):
    make_user("sam")
    group = room("sam")
    sam = find_by_username("sam")
    db.session.add(ChatIdentity(group_id=group.id, user_id=sam.id, is_anonymous=True))  # the other tab
    db.session.commit()
    # This tab read "no choice yet" just before the other tab's commit.
    assert identity.resolve(sam, group, None, stored=None) is True
    db.session.commit()  # nothing pending that the database would refuse
    assert db.session.get(ChatIdentity, (group.id, sam.id)).is_anonymous is True
