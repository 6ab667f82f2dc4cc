"""Kindred: a peer support community. ``create_app`` builds the Flask app."""

from __future__ import annotations

from flask import Flask

from community import config as app_config
from community.config import PROJECT_ROOT


def create_app(overrides: dict | None = None) -> Flask:
    """config → extensions → blueprints → sockets → errors."""
    app = Flask(
        __name__,
        # templates/ and static/ sit at the repository root, outside the package.
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(app_config.instance_path()),
    )
    app.config.from_mapping(app_config.load(overrides))
    _init_extensions(app)
    _register_blueprints(app)
    _register_content_kinds()
    _register_page_stamps()
    _register_sockets(app)
    _trust_proxies(app)

    from community import cli, errors, input_guard, log_privacy, security, templating
    from moderation.crisis import RESOURCES

    log_privacy.register(app)
    # The 503 page shows the crisis lines without the database (community.health).
    app.extensions["kindred_crisis_resources"] = RESOURCES
    errors.register(app)
    input_guard.register(app)
    security.register(app)
    templating.register(app)
    cli.register(app)
    return app


def _init_extensions(app: Flask) -> None:
    from community import messagequeue
    from community.extensions import csrf, db, limiter, login_manager, migrate, socketio

    db.init_app(app)
    from community import health
    from community.search.models import include_name

    health.close_sessions_quietly_when_the_database_is_gone(app)

    # include_name: the search indexes are DDL of their own, not the models' (community/search/models.py).
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True,
                     include_name=include_name)  # fmt: skip
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        client_manager=messagequeue.manager(app),
        # One origin only: the app serves its own pages.
        cors_allowed_origins=None,
        # Member text must never reach logs.
        logger=False,
        engineio_logger=False,
        # The largest event a page sends is an answer of 10,000 characters; Engine.IO's default
        # would read a megabyte from anyone who asks.
        max_http_buffer_size=app.config["SOCKETIO_MAX_MESSAGE_BYTES"],
    )
    from community.accounts import session as account_session

    account_session.register(login_manager)


def _register_blueprints(app: Flask) -> None:
    from community.identity import IdConverter

    # Every <int:...> in a route is a database id: one beyond bigint is no match (a 404), not a
    # database error. Set before the blueprints, whose rules are compiled as they register.
    app.url_map.converters["int"] = IdConverter
    from community.accounts.data_views import bp as data_bp
    from community.accounts.recovery_views import bp as recovery_bp
    from community.accounts.settings import bp as settings_bp
    from community.accounts.views import bp as accounts_bp
    from community.blocks.views import bp as blocks_bp
    from community.chat.views import bp as chat_bp
    from community.forum.views import bp as forum_bp
    from community.groups.views import bp as groups_bp
    from community.moderator.views import bp as moderator_bp
    from community.notifications.views import bp as notifications_bp
    from community.pages.views import bp as pages_bp
    from community.qa.views import bp as qa_bp
    from community.reactions.views import bp as reactions_bp
    from community.search.views import bp as search_bp
    from community.support.views import bp as support_bp
    from community.warnings.views import bp as warnings_bp

    for blueprint in (pages_bp, accounts_bp, groups_bp, forum_bp, moderator_bp, qa_bp, chat_bp, support_bp,
                      blocks_bp, reactions_bp, warnings_bp, settings_bp, recovery_bp, data_bp,
                      notifications_bp, search_bp):  # fmt: skip
        app.register_blueprint(blueprint)


def _register_content_kinds() -> None:
    # Each feature tells moderation how to render, publish and remove its content.
    from community.accounts.moderation import PROFILES
    from community.chat.moderation import CHAT_MESSAGES
    from community.forum.moderation import POSTS
    from community.qa.moderation import QUESTIONS
    from community.support.moderation import SUPPORT_MESSAGES
    from moderation.content import register

    for kind in (POSTS, QUESTIONS, CHAT_MESSAGES, SUPPORT_MESSAGES, PROFILES):
        register(kind)
    _register_notification_targets()


def _register_page_stamps() -> None:
    # Which writes retire which pages kept for visitors (community/page_cache.py).
    from community import page_stamps

    page_stamps.register()


def _register_notification_targets() -> None:
    # Each feature says what a notice about its content shows, as the recipient may see it now.
    from community.chat.notices import message_target
    from community.forum.notices import post_target
    from community.groups.notices import group_target
    from community.notifications import targets
    from community.qa.notices import question_target, session_target
    from community.support.notices import chat_target

    for name, resolver in (("post", post_target), ("question", question_target), ("chat_message", message_target),
                           ("qa_session", session_target), ("support_chat", chat_target),
                           ("group", group_target)):  # fmt: skip
        targets.register(name, resolver)


def _register_sockets(app: Flask) -> None:
    # Handlers are bound here, after socketio.init_app: decorators at import time would
    # bind to whichever app existed first and vanish from every later one.
    from community import resilience, sockets

    sockets.register(app)
    resilience.register(app)


def _trust_proxies(app: Flask) -> None:
    # Outermost, so that pages, rate limits and sockets all see the member's address, not
    # the balancer's. Only the last PROXY_FIX hops are believed: a client's own extra
    # X-Forwarded-For entries are ignored.
    if hops := app.config["PROXY_FIX"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
