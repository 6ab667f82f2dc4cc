"""Property-based fuzzing (Hypothesis) of the forms and the Socket.IO events.

Whatever a form field or an event payload holds, the answer is a page or an ack with a
status below 500, nothing is logged at ERROR (so no traceback), and a refused request
leaves the data as it was. Bounded and deterministic: a fixed number of examples from a
derandomized search, so the suite's run time and findings do not vary between runs.

Ids run past 2**63 (PostgreSQL's bigint), both ways: community.identity.parse_id must turn
an id no row can have into a 404 or a refused ack, never a database error.
"""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.accounts import service as accounts
from community.extensions import db, limiter
from community.forum import service as forum
from community.groups import access as group_access
from community.groups import service as groups
from tests.security.test_socket_role_matrix import MATRIX, Stage

FUZZ = settings(max_examples=100, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip

# Around bigint's edges on purpose: a uniform draw from so wide a range would seldom land there.
ids = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80),
    st.sampled_from([2**31, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**30]),
)
words = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["", " ", "\x00", "y", "on", "answered", "spam", "<script>alert(1)</script>", "a" * 5000,
                     "9999-12-31T23:59", "2030-01-01T18:00", "0001-01-01T00:00", "-1", "1e309",
                     "99999999999999999999"]),
)  # fmt: skip
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), ids, st.floats(allow_nan=True), words),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(words, inner, max_size=3)),
    max_leaves=6,
)


def _snapshot() -> dict:
    """Each table's row count: a refused request must leave them all as they were."""
    db.session.expire_all()
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def _no_errors_logged(caplog) -> None:
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


# One row per form: the role that posts it, its path, and its fields.
FORMS = [
    ("visitor", "/signup", ("username", "password", "display_name", "email")),
    ("visitor", "/signin", ("username", "password")),
    ("member", "/g/{ours}/new", ("title", "body", "anonymous")),
    ("member", "/t/{thread_ours}/reply", ("body", "anonymous")),
    ("member", "/p/{own_post}/edit", ("title", "body")),
    ("member", "/p/{others_post}/report", ("reason", "note")),
    ("clinician", "/g/{ours}/qa/new", ("title", "description", "starts_at", "duration")),
    ("member", "/qa/{session_ours}/questions", ("body", "anonymous")),
    ("admin", "/qa/{session_ours}/questions/{question_ours}/mark", ("state",)),
    ("admin", "/qa/{session_ours}/questions/{question_ours}/answer", ("body",)),
    ("member", "/g/{theirs}/join", ("note",)),
    ("admin", "/g/{theirs}/invitations", ("days", "max_uses")),
]


@pytest.fixture
def stage(app, make_user, make_group, sign_in, connect):
    """An admin's stage (tests/security/test_socket_role_matrix.py): as host, every event can succeed."""
    return Stage(app, "admin", make_user, make_group, sign_in, connect)


@pytest.fixture
def browsers(stage, sign_in, browser):
    """A browser per role, members of the stage's private group; the member has a post of their own."""
    ours = group_access.get_group(stage.places["ours"])
    member, clinician = sign_in("mira"), sign_in("okafor", role="clinician")
    for username in ("mira", "okafor"):
        groups.join(accounts.find_by_username(username), ours)
    own, _ = forum.start_thread(accounts.find_by_username("mira"), ours, "Mine", "My words.")
    others, _ = forum.start_thread(accounts.find_by_username("kim"), ours, "Kim's", "Kim's words.")
    stage.places |= {"own_post": own.posts[0].id, "others_post": others.posts[0].id}
    return {"visitor": browser, "member": member, "clinician": clinician, "admin": stage.browser}


@FUZZ
@given(data=st.data())
def test_no_form_answers_500_logs_an_error_or_changes_data_when_refused(stage, browsers, caplog, data):
    role, path, fields = data.draw(st.sampled_from(FORMS))
    form = {field: data.draw(words, label=field) for field in fields}
    limiter.reset()
    caplog.clear()
    before = _snapshot()
    response = browsers[role].post(path.format(**stage.places), form)
    assert response.status_code < 500, (path, form)
    _no_errors_logged(caplog)
    if response.status_code >= 400:
        assert _snapshot() == before, (path, form)


@FUZZ
@given(data=st.data())
def test_no_event_payload_fails_unacknowledged_logs_an_error_or_changes_data_when_refused(stage, caplog, data):
    row = data.draw(st.sampled_from(MATRIX))
    keys = list(row.payload) + ["extra"]
    valid = stage.fill(row.payload)
    payload = data.draw(st.one_of(
        st.fixed_dictionaries({k: st.one_of(json_values, st.just(v)) for k, v in valid.items()}),
        st.dictionaries(st.sampled_from(keys), json_values, max_size=4),
        json_values,
    ))  # fmt: skip
    limiter.reset()
    caplog.clear()
    before = _snapshot()
    ack = stage.client.emit(row.event, payload)
    assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), (row.event, payload, ack)
    assert "went wrong" not in str(ack.get("error", "")), (row.event, payload, ack)
    _no_errors_logged(caplog)
    if not ack["ok"]:
        assert _snapshot() == before, (row.event, payload, ack)
