"""Start-up and balancer settings: REDIS_URL's scheme, PROXY_FIX's hop count, /healthz."""

import pytest

from community import _trust_proxies, create_app


def test_a_wrong_redis_url_scheme_stops_the_app_at_start_with_a_clear_error():
    with pytest.raises(ValueError, match=r"REDIS_URL must start with redis://, rediss:// or unix://.*'http'"):
        create_app({"REDIS_URL": "http://127.0.0.1:6379/0"})


def test_health_reports_each_dependency(browser):
    response = browser.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"ok": True, "database": "ok", "redis": "not used"}


@pytest.fixture
def behind_one_proxy(app):
    """The session's app as deployed behind HAProxy (PROXY_FIX=1), with a tight sign-in limit."""
    saved, limit = app.wsgi_app, app.config["SIGN_IN_RATE_LIMIT"]
    app.config.update(PROXY_FIX=1, SIGN_IN_RATE_LIMIT="2 per minute")
    _trust_proxies(app)
    yield app
    app.wsgi_app = saved
    app.config.update(PROXY_FIX=0, SIGN_IN_RATE_LIMIT=limit)


def _sign_in_from(browser, forwarded_for: str) -> int:
    headers = {"X-Forwarded-For": forwarded_for}
    return browser.post("/signin", {"username": "nobody", "password": "wrong password"}, headers=headers).status_code


def test_the_configured_hop_count_wins_over_extra_forwarded_addresses(behind_one_proxy, browser):
    # A client puts addresses of its own in front; HAProxy appends the one it saw. Only that one counts.
    wrong_password = 400
    assert _sign_in_from(browser, "1.1.1.1, 203.0.113.9") == wrong_password
    assert _sign_in_from(browser, "2.2.2.2, 203.0.113.9") == wrong_password
    assert _sign_in_from(browser, "3.3.3.3, 4.4.4.4, 203.0.113.9") == 429
    # Another member behind the same balancer has a limit of their own.
    assert _sign_in_from(browser, "1.1.1.1, 198.51.100.7") == wrong_password


@pytest.mark.parametrize(("workers", "redis", "kept"), [("1", None, True), ("2", None, False),
                                                         ("2", "redis://127.0.0.1:6379/0", True)])  # fmt: skip
def test_several_workers_keep_visitors_pages_only_with_redis_to_retire_them(monkeypatch, workers, redis, kept):
    # Without a shared store a write on one worker could not retire another's kept page, and a
    # removed post would stay visible to visitors there.
    from community import config

    monkeypatch.setenv("KINDRED_SERVER_WORKERS", workers)
    assert config.load({"REDIS_URL": redis})["PAGE_CACHE"] is kept
