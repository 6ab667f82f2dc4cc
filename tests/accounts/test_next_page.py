"""After signing in, only a path on this site: nothing a browser would read as another site."""

import pytest

from tests.conftest import PASSWORD

HOSTILE = [
    "//evil.example/steal",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0d%0aSet-Cookie:%20x=1",
    "/\\evil.example",
    "/%5Cevil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/%20/evil.example",
    "%2F%2Fevil.example",
    "/%E3%80%80/evil.example",
    "/%00/evil.example",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_sign_in_never_redirects_off_site(browser, make_user, target):
    make_user("sam")
    response = browser.post(f"/signin?next={target}", {"username": "sam", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_sign_in_returns_to_the_page_asked_for(browser, make_user):
    make_user("sam")
    response = browser.post("/signin?next=/groups%3Fpage%3D2", {"username": "sam", "password": PASSWORD})
    assert response.headers["Location"] == "/groups?page=2"
