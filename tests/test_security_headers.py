"""Every page and JSON response carries the security headers, and no page runs inline script.

The pages are found by following links, as a visitor, a member and an admin would,
so a page added later is checked without anyone remembering to list it here.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest

MAX_PAGES = 150
_LINK = re.compile(r'<a\s[^>]*href="([^"]+)"')
_SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name.lower(): values for name, *values in parts}


def _crawl(browser, start: str = "/") -> dict[str, object]:
    """Every same-site page reachable by GET links from ``start``, by path."""
    seen, queue = {}, deque([start])
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen[path] = response = browser.get(path)
        if response.mimetype != "text/html":
            continue
        for href in _LINK.findall(response.get_data(as_text=True)):
            url = urlsplit(urldefrag(href)[0])
            if url.scheme or url.netloc or not url.path.startswith("/"):
                continue  # another site, tel: or mailto:
            if not url.path.startswith("/static/"):
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
    return seen


@pytest.fixture
def community(sign_in, make_group):
    """A group with a named and an anonymous thread, a member and an admin who wrote them."""
    group = make_group("calm")
    member, admin = sign_in("sam"), sign_in("alex", role="admin")
    for who in (member, admin):
        who.post(f"/g/{group.slug}/join")
    member.post(f"/g/{group.slug}/new", {"title": "Named", "body": "Hello <b>there</b>"})
    admin.post(f"/g/{group.slug}/new", {"title": "Quiet", "body": "Hi", "anonymous": "y"})
    thread_ids = [t["id"] for t in member.get(f"/api/groups/{group.slug}/threads").get_json()["threads"]]
    assert len(thread_ids) == 2
    return {"member": member, "admin": admin, "group": group, "threads": thread_ids}


@pytest.fixture
def responses(community, browser) -> dict[str, object]:
    """Crawled pages, plus what no link leads to: JSON, a missing page, a missing thread."""
    slug = community["group"].slug
    unlinked = ["/no-such-page", f"/api/groups/{slug}/threads", "/api/threads/999999", "/healthz"]
    unlinked += [f"/api/threads/{t}" for t in community["threads"]]
    responses = {}
    for who, viewer in (
        ("visitor", browser),
        ("member", community["member"]),
        ("admin", community["admin"]),
    ):
        for path, response in _crawl(viewer).items():
            responses[f"{who} {path}"] = response
        for path in unlinked:
            responses[f"{who} {path}"] = viewer.get(path)
    return responses


def test_pages_and_json_carry_a_strict_content_security_policy_and_anti_framing_headers(responses, community):
    mimetypes = {response.mimetype for response in responses.values()}
    assert {"text/html", "application/json"} <= mimetypes
    assert any(key.endswith("/t/" + str(community["threads"][0])) for key in responses)
    for where, response in responses.items():
        headers = response.headers
        policy = _directives(headers.get("Content-Security-Policy", ""))
        scripts = policy.get("script-src", policy.get("default-src"))
        assert scripts, f"{where}: no script policy"
        assert "'unsafe-inline'" not in scripts and "*" not in scripts, where
        assert policy.get("object-src") == ["'none'"], where
        assert headers.get("X-Content-Type-Options") == "nosniff", where
        assert policy.get("frame-ancestors") == ["'none'"] or headers.get("X-Frame-Options") == "DENY"


def test_no_page_has_inline_script_or_inline_event_handlers(responses):
    pages = {where: r for where, r in responses.items() if r.mimetype == "text/html"}
    assert len(pages) >= 10, sorted(pages)
    for where, response in pages.items():
        page = response.get_data(as_text=True)
        for attributes in _SCRIPT.findall(page):
            assert re.search(r"\ssrc=", " " + attributes), f"{where}: inline <script{attributes}>"
        assert not _EVENT_HANDLER.search(page), f"{where}: inline event handler"


def test_no_linked_page_fails_with_a_server_error(responses):
    failed = {where: r.status_code for where, r in responses.items() if r.status_code >= 500}
    assert failed == {}
