"""Issue 12 item 4: display names that pass for staff or for an anonymous alias are refused
at sign-up, however they are spelt: case, spacing, zero-width and look-alike characters."""

import pytest
import sqlalchemy as sa

from community.accounts.models import User
from community.extensions import db
from community.identity import check_display_name
from tests.conftest import text

IMPERSONATIONS = [
    "Lee (Listener)", "lee [LISTENER]", "Lee  -  l i s t e n e r", "Lee (L\u200bistener)", "Lee (Lіstener)",
    "Lee (L1stener)", "Anonymous Heron", "anonymous   heron", "\uff21nonymous Heron", "Аnonymous Неron",
    "An\u200donymous Heron", "Dr Kim, Clinician", "Kindred Staff", "Sam (moderator)",
]  # fmt: skip
FINE = ["Lee", "Sam the baker", "Anon fan of herons", "Zoë", "María José", "Listening ear"]


@pytest.mark.parametrize("display_name", IMPERSONATIONS)
def test_sign_up_refuses_names_that_look_like_staff_or_an_alias(browser, display_name):
    form = {"username": "lee", "password": "correct horse battery", "display_name": display_name}
    response = browser.post("/signup", form)
    assert response.status_code == 400
    assert "looks like a staff badge or an anonymous alias" in text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


@pytest.mark.parametrize("display_name", FINE)
def test_ordinary_names_pass(display_name):
    check_display_name(display_name)
