"""A group page's thread rows: each rendered once and shared by every viewer who sees it alike.

Which threads a viewer sees (held openers, blocked authors) is the rows query's (forum.listing);
this only renders them. A row shows its title, its opener's byline, its reply count and its time,
so its kept render (community.fragments) is keyed by exactly those and the viewer's time zone: a
new reply, a rename or an edit gives a new key, and a kept row is never stale. The viewer's own
threads say "(you)" and are rendered for them alone.
"""

from __future__ import annotations

from functools import partial

from flask import current_app
from markupsafe import Markup

from community import fragments
from community.accounts.models import User

_TEMPLATE = "groups/_thread_row.html"


def render_rows(rows: list, viewer: User | None) -> list[Markup]:
    """Each of forum.listing's ThreadRows as its <li>, in order."""
    template = current_app.jinja_env.get_template(_TEMPLATE)
    context: dict = {}
    current_app.update_template_context(context)
    kept = fragments.fragments()
    member = bool(viewer is not None and viewer.is_authenticated)
    zone = getattr(viewer, "time_zone", None) if member else None
    found = []
    for row in rows:
        render = partial(template.render, context | {"thread": row})
        if kept is None or row.byline.is_you:
            found.append(Markup(render()))  # noqa: S704 (autoescaped by the template)
        else:
            key = ("thread-row", row.id, row.title, row.replies, row.last_activity_at, row.byline, member, zone)
            found.append(kept.render(key, render, {}))
    return found
