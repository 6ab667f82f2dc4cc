"""The production server's access log keeps no member's search words and no token from a link.

``make run`` serves with ``--access-logfile -``; deploy/ may too. A log line outlives the search
and the link: the query string, the referrer (same-origin pages send their own URL, query and
all) and the token in an invitation or reset path stay out of it (community/gunicorn_conf.py).
"""

from __future__ import annotations

import pytest
import requests

from tests.browser.conftest import free_port, start_server, stop_server
from tests.logged_requests import ASKED, SECRETS, check_logged_without_secrets

REFERRER = "http://127.0.0.1/search?q=referred-from-a-search"


@pytest.mark.browser
def test_the_access_log_keeps_paths_but_no_search_words_no_referrer_and_no_token(live_server):
    port = free_port()
    log = live_server.instance_path / f"access-{port}.log"
    server = start_server(live_server.env, port, log, "--access-logfile", "-")
    try:
        for path in ASKED:
            requests.get(f"http://127.0.0.1:{port}{path}", headers={"Referer": REFERRER}, timeout=10)
    finally:
        stop_server(server)
    check_logged_without_secrets(log.read_text, (*SECRETS, "referred-from-a-search"))
