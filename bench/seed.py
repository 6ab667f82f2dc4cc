"""The data bench/pages.py reads: groups, members, 200 threads × 20 posts, made by the forum's use cases.

Members are written directly (a password hash per member would only slow the seeding);
memberships, threads and replies go through ``groups.service`` and ``forum.service``, so the
rows, aliases, queue items and rendered HTML are the ones members' posts produce.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-secret-key-not-for-production"
USER_AGENT = "kindred-bench"
GROUPS = [("rough-nights", "Rough nights", "mental-health"), ("steady-mornings", "Steady mornings", "mental-health"),
          ("one-day-at-a-time", "One day at a time", "recovery"), ("sober-curious", "Sober curious", "recovery"),
          ("gentle-meals", "Gentle meals", "eating-disorders")]  # fmt: skip
THREADS_PER_GROUP, POSTS_PER_THREAD = 40, 20
SENTENCES = [
    "Today I went for a short walk after work and it helped more than I expected.",
    "Does anyone have tips for getting back to sleep when the thoughts start racing?",
    "I told my sister how I have been feeling and she listened without trying to fix it.",
    "Some days the **small wins** are the only wins, and that is okay.",
    "My therapist suggested writing three things down before bed; I am trying it this week.",
    "Thank you all for being here. Reading this group makes the evenings less lonely.",
    "I keep comparing myself to where I was last year, which never helps.",
    "What do you say to friends who ask why you stopped going out on weekends?",
    "Breathing exercises felt silly at first, but the box breathing one works for me.",
    "It has been a hard week at home, and I am proud that I reached out instead of hiding.",
    "- making tea\n- calling a friend\n- a warm shower\n\nThose are my go-to things.",
    "I found a support meeting near my work and I went, even though I was nervous.",
]
SCENARIOS = [("home", "guest"), ("home", "member"), ("group", "guest"), ("group", "member"),
             ("thread", "guest"), ("thread", "member"), ("reply", "member")]  # fmt: skip


def scenarios(pages: list[str]) -> list[tuple[str, str]]:
    return [(page, viewer) for page, viewer in SCENARIOS if page in pages]


def _body(rng: random.Random) -> str:
    return "\n\n".join(rng.sample(SENTENCES, rng.randint(2, 5)))


@dataclass
class Seeded:
    tmp: str
    database_url: str
    admin_url: str | None  # the PostgreSQL server, when the data lives there
    slugs: list[str]
    thread_ids: list[int]
    cookies: list[str]  # one signed session per member, with a CSRF token
    form_tokens: list[str]
    _copies: int = field(default=0)

    def summary(self) -> str:
        return (f"{len(self.slugs)} groups, {len(self.thread_ids)} threads × {POSTS_PER_THREAD} posts, "
                f"{len(self.cookies)} members")  # fmt: skip

    @contextlib.contextmanager
    def copy(self):
        """A fresh copy of the seeded database for one server run: (database URL, instance folder)."""
        self._copies += 1
        instance = f"{self.tmp}/run{self._copies}"
        os.makedirs(instance)
        if self.admin_url is None:
            shutil.copy(self.database_url.removeprefix("sqlite:///"), f"{instance}/kindred.sqlite3")
            yield f"sqlite:///{instance}/kindred.sqlite3", instance
            return
        import psycopg

        name = f"{self.database_url.rsplit('/', 1)[1]}_run{self._copies}"
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.database_url.rsplit("/", 1)[1]}"')
        try:
            yield self.admin_url.rsplit("/", 1)[0] + "/" + name, instance
        finally:
            with psycopg.connect(self.admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')

    def drop(self) -> None:
        if self.admin_url is not None:
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE "{self.database_url.rsplit("/", 1)[1]}" WITH (FORCE)')

    def request_maker(self, page: str, viewer: str):
        """What one client asks for, request after request (httpload.RequestMaker)."""
        slugs, thread_ids, cookies, tokens = self.slugs, self.thread_ids, self.cookies, self.form_tokens

        def make(rng: random.Random, client: int):
            headers = {"User-Agent": USER_AGENT, "Accept": "text/html"}
            if viewer == "member":
                headers["Cookie"] = f"session={cookies[client % len(cookies)]}"
            if page == "home":
                return "GET", "/", headers, b""
            if page == "group":
                return "GET", f"/g/{rng.choice(slugs)}", headers, b""
            if page == "thread":
                return "GET", f"/t/{rng.choice(thread_ids)}", headers, b""
            form = {"csrf_token": tokens[client % len(tokens)], "body": _body(rng)}
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            return "POST", f"/t/{rng.choice(thread_ids)}/reply", headers, urllib.parse.urlencode(form).encode()

        return make

    def statements_per_request(self, samples: int = 5) -> dict[tuple[str, str], float]:
        """SQL statements one request of each kind sends, counted in-process on a copy of the data."""
        with self.copy() as (database_url, _):
            app, db = _app(database_url)
            import sqlalchemy as sa

            counted: list[str] = []
            with app.app_context():
                sa.event.listen(db.engine, "before_cursor_execute", lambda *a: counted.append(a[2]))
            client, found, rng = app.test_client(use_cookies=False), {}, random.Random(1)
            for page, viewer in SCENARIOS:
                make = self.request_maker(page, viewer)
                counted.clear()
                for i in range(samples):
                    method, path, headers, body = make(rng, i)
                    response = client.open(path, method=method, headers=headers, data=body,
                                           environ_base={"REMOTE_ADDR": "127.0.0.1"})  # fmt: skip
                    if response.status_code >= 400:
                        raise RuntimeError(f"{method} {path} as {viewer}: {response.status_code}")
                    if viewer == "member" and method == "GET" and b"Sign out" not in response.data:
                        raise RuntimeError(f"{path}: the member's cookie did not sign them in")
                found[(page, viewer)] = len(counted) / samples
            with app.app_context():
                db.engine.dispose()
            return found


def _app(database_url: str):
    os.environ.update(DATABASE_URL=database_url, SECRET_KEY=SECRET)
    sys.path.insert(0, str(ROOT))
    from community import create_app
    from community.extensions import db

    return create_app({"REDIS_URL": None, "SOCKETIO_ASYNC_MODE": "threading"}), db


def _members(db, count: int):
    from community.accounts.models import User, utcnow

    users = [User(username=f"m{i}", username_key=f"m{i}", display_name=f"Member {i}", password_hash="x",
                  trusted_since=utcnow()) for i in range(count)]  # fmt: skip
    db.session.add_all(users)
    db.session.commit()
    return users


def _sessions(app, db, user_ids: list[int]) -> tuple[list[str], list[str]]:
    """A signed session cookie per member, as if each had signed in from 127.0.0.1, and its form token.

    Each cookie names a live server-side session (community/accounts/sessions.py): without one the
    user loader signs the cookie out, and the "member" would be a visitor with a cookie.
    """
    import secrets

    from flask import session
    from flask_login.utils import _create_identifier
    from flask_wtf.csrf import generate_csrf

    from community.accounts.models import AccountSession
    from community.accounts.sessions import TOKEN_KEY
    from community.security import token_hash

    serializer = app.session_interface.get_signing_serializer(app)
    cookies, tokens, rows = [], [], []
    for user_id in user_ids:
        # Each in its own app context: Flask-WTF keeps the request's token on ``g``.
        with app.test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={"User-Agent": USER_AGENT}):
            tokens.append(generate_csrf())
            account_token = secrets.token_urlsafe(32)
            rows.append(AccountSession(user_id=user_id, token_hash=token_hash(account_token)))
            cookies.append(serializer.dumps({"_user_id": str(user_id), "_fresh": True, "_id": _create_identifier(),
                                             "csrf_token": session["csrf_token"],
                                             TOKEN_KEY: account_token}))  # fmt: skip
    with app.app_context():
        db.session.add_all(rows)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return cookies, tokens


def _threads(groups, authors, rng: random.Random) -> list[int]:
    from community.forum import service

    thread_ids = []
    for group in groups:
        for t in range(THREADS_PER_GROUP):
            opener = rng.choice(authors)
            thread, _ = service.start_thread(opener, group, f"{group.name}: how is everyone doing, week {t + 1}?",
                                             _body(rng), anonymous=t % 3 == 0)  # fmt: skip
            for n in range(1, POSTS_PER_THREAD):
                service.add_reply(rng.choice(authors), thread, _body(rng), anonymous=n % 4 == 0)
            thread_ids.append(thread.id)
    return thread_ids


def seed(tmp: str, admin_url: str | None, *, members: int) -> Seeded:
    database_url = f"sqlite:///{tmp}/seed.sqlite3"
    if admin_url is not None:
        import psycopg

        name = f"kindred_bench_{os.urandom(4).hex()}"
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        database_url = admin_url.rsplit("/", 1)[0] + "/" + name
    os.environ["KINDRED_INSTANCE_PATH"] = tmp
    app, db = _app(database_url)
    from community.groups import service as groups_service

    with app.app_context():
        db.create_all()
        groups = [groups_service.create_group(slug, name, condition, f"{name}: a bench group.")
                  for slug, name, condition in GROUPS]  # fmt: skip
        users = _members(db, max(members, 8))
        for user in users:
            for group in groups:
                groups_service.join(user, group)
        thread_ids = _threads(groups, users, random.Random(15))
        slugs, user_ids = [g.slug for g in groups], [u.id for u in users]
        db.session.remove()
        db.engine.dispose()
    cookies, tokens = _sessions(app, db, user_ids)
    return Seeded(tmp, database_url, admin_url, slugs, thread_ids, cookies, tokens)
