"""The search page: a GET form, so results and their pages are plain links."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from community import ratelimit
from community.errors import InvalidInput, RateLimited
from community.search import service
from community.warnings.topics import TOPICS

bp = Blueprint("search", __name__)


def _page_number(value: str | None) -> int:
    if value is None:
        return 1
    if not value.isascii() or not value.isdigit() or len(value) > 4:
        raise InvalidInput("That page number isn't one we can show. Start again from the first page.")
    return int(value)


@bp.get("/search")
def results():
    query = request.args.get("q", "")
    try:
        page = _page_number(request.args.get("page"))
        if " ".join(query.split()):
            ratelimit.check_search(current_user, request.remote_addr)
        found = service.search(current_user, query, page)
    except (InvalidInput, RateLimited) as error:
        return _render(query[: service.MAX_QUERY_CHARS], None, error.message), error.status
    return _render(found.query, found, None)


def _render(query: str, found: service.SearchPage | None, error: str | None) -> str:
    return render_template("search/results.html", query=query, found=found, error=error, topics=TOPICS,
                           page_size=service.PAGE_SIZE, max_chars=service.MAX_QUERY_CHARS)  # fmt: skip
