"""Issue 12 item 3: a listener cannot tie a member's anonymous items to their named ones.

Only the admin reveal, which is audited, joins the two
(tests/moderation/test_moderator_view.py covers the reveal).
"""

import re

import sqlalchemy as sa

from community.extensions import db
from moderation.models import QueueItem
from tests.conftest import text
from tests.moderation.conftest import post_thread

MISINFO = "Cold turkey off benzos is totally fine, I did it."
CRISIS = "I'm going to end it tonight, I have the pills right here."


def _items_in_order():
    db.session.expire_all()
    return list(db.session.scalars(sa.select(QueueItem).order_by(QueueItem.id)))


def test_anonymous_and_named_items_have_separate_handles_and_histories(member_in, sign_in):
    sam, group = member_in()
    post_thread(sam, group, "Had a good day today, went for a walk with my sister after work.", title="named clean")
    post_thread(sam, group, MISINFO, title="named held")
    post_thread(sam, group, CRISIS, title="anonymous crisis", anonymous=True)
    post_thread(sam, group, "Quietly hopeful this week.", title="anonymous clean", anonymous=True)
    named_clean, named_held, anonymous_crisis, anonymous_clean = _items_in_order()
    assert [i.is_anonymous for i in _items_in_order()] == [False, False, True, True]
    named_handle = named_held.author.handle
    lee = sign_in("lee", role="listener")

    anonymous_page = text(lee.get(f"/moderator/items/{anonymous_crisis.id}"))
    assert named_handle not in anonymous_page
    assert f"#{anonymous_clean.id}" in anonymous_page  # the anonymous history is still there
    for named in (named_clean, named_held):
        assert f"/moderator/items/{named.id}" not in anonymous_page
    assert not re.search(r"\bsam\b", anonymous_page, re.IGNORECASE)

    named_page = text(lee.get(f"/moderator/items/{named_held.id}"))
    assert named_handle in named_page and f"#{named_clean.id}" in named_page
    anonymous_handle = anonymous_crisis.author_handle
    assert anonymous_handle != named_handle and anonymous_handle not in named_page
    for anonymous in (anonymous_crisis, anonymous_clean):
        assert f"/moderator/items/{anonymous.id}" not in named_page

    queue_page = text(lee.get("/moderator"))
    assert queue_page.count(named_handle) == 1 and queue_page.count(anonymous_handle) == 1
