"""Benchmark what accounts add to requests: the password check and the session check.

    python bench/accounts.py [--postgres postgresql://postgres@127.0.0.1:5432/test]

Prints p50/p90/p99 in milliseconds for
- zxcvbn's strength check on passwords of 10 to 72 characters (sign-up, password change);
- a signed-in page request (GET /crisis) through the Flask test client, whose user loader
  now joins the member to their live server-side session;
- the user loader's query alone.
On SQLite in a temporary folder by default; --postgres makes a scratch database there.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import string
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from community import create_app  # noqa: E402
from community.accounts import passwords, sessions  # noqa: E402
from community.accounts import service as accounts  # noqa: E402
from community.errors import InvalidInput  # noqa: E402
from community.extensions import db  # noqa: E402

PASSWORD = "a quiet bench password"


def percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100)
    return f"p50 {cuts[49]:.2f} ms  p90 {cuts[89]:.2f} ms  p99 {cuts[98]:.2f} ms  (n={len(samples)})"


def timed(action, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def bench_passwords() -> None:
    rng = random.Random(7)
    words = ["river", "lantern", "quiet", "harbour", "maple", "window", "seven", "blue", "tram", "ladder"]
    for length in (10, 20, 32, 72):
        candidates = [(" ".join(rng.choices(words, k=12)) + "".join(rng.choices(string.ascii_letters, k=5)))[:length]
                      for _ in range(300)]  # fmt: skip

        pending = iter(candidates)

        def check(it=pending):
            with contextlib.suppress(InvalidInput):  # weak ones are refused; the time is what counts
                passwords.check(next(it), personal=("benchuser", "Bench User"))

        print(f"zxcvbn check, {length:>2} characters:   {percentiles(timed(check, len(candidates)))}")


def database_url(postgres: str | None) -> tuple[str, callable]:
    if not postgres:
        folder = tempfile.mkdtemp()
        return f"sqlite:///{folder}/bench.sqlite3", lambda: None
    name = f"kindred_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(postgres.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return admin.url.set(database=name).render_as_string(hide_password=False), drop


def bench_requests(postgres: str | None) -> None:
    url, drop = database_url(postgres)
    os.environ.setdefault("KINDRED_INSTANCE_PATH", tempfile.mkdtemp())
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": None,
                      "WTF_CSRF_ENABLED": False, "SIGN_IN_RATE_LIMIT": "100000 per minute"})  # fmt: skip
    try:
        with app.app_context():
            db.create_all()
            user = accounts.sign_up("benchuser", PASSWORD)
            user_id = str(user.id)
        client = app.test_client()
        assert client.post("/signin", data={"username": "benchuser", "password": PASSWORD}).status_code == 302
        for _ in range(20):
            client.get("/crisis")
        print(f"signed-in GET /crisis ({app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}): "
              f"{percentiles(timed(lambda: client.get('/crisis'), 500))}")  # fmt: skip
        with app.test_request_context():
            from flask import session

            with client.session_transaction() as saved:
                session.update(saved)
            assert sessions.load_member(user_id) is not None, "the copied session did not load"
            print(f"user loader query alone:        {percentiles(timed(lambda: sessions.load_member(user_id), 500))}")
            db.session.remove()
        with app.app_context():
            db.drop_all()
            db.engine.dispose()
    finally:
        drop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="a PostgreSQL server URL to make a scratch database on")
    args = parser.parse_args()
    bench_passwords()
    bench_requests(args.postgres)


if __name__ == "__main__":
    main()
