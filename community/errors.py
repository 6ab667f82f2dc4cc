"""The error family, and one mapping from it to pages, JSON and Socket.IO acks.

Use cases raise these; views, JSON endpoints and socket handlers never build
error responses by hand. "Not allowed to see" is raised as NotFound so that a
stranger cannot tell a private thing from a missing one.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from community import health, log_privacy


class KindredError(Exception):
    status = 400
    default_message = "That request could not be completed."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.default_message)
        self.message = message or self.default_message

    def ack(self) -> dict:
        """The Socket.IO acknowledgement for this error."""
        return {"ok": False, "error": self.message}


class InvalidInput(KindredError):
    status = 400
    default_message = "Something in that request was not valid."


class NotSignedIn(KindredError):
    status = 401
    default_message = "Please sign in first."


class Forbidden(KindredError):
    status = 403
    default_message = "You don't have permission to do that."


class NotFound(KindredError):
    status = 404
    default_message = "We couldn't find that."


class Conflict(KindredError):
    status = 409
    default_message = "That has already changed; please reload and try again."


class RateLimited(KindredError):
    status = 429
    default_message = "You're going a little fast. Please wait a moment and try again."


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and not request.accept_mimetypes["text/html"]


def error_response(status: int, message: str):
    if wants_json():
        return jsonify({"ok": False, "error": message}), status
    try:
        return render_template("errors/error.html", status=status, message=message), status
    except Exception as error:
        # The page names who is signed in; with the database away, the static 503 page instead.
        if health.is_database_down(error):
            return health.unavailable_response()
        raise


# Friendlier words than Werkzeug's for the statuses a member may meet.
_HTTP_MESSAGES = {
    400: "That request was not valid.",
    403: "You don't have permission to do that.",
    404: "We couldn't find that page.",
    405: "That action isn't available here.",
    413: "That is too large to send. Please shorten it and try again.",
    429: "You're going a little fast. Please wait a moment and try again.",
}


def register(app: Flask) -> None:
    @app.errorhandler(KindredError)
    def _kindred_error(error: KindredError):
        return error_response(error.status, error.message)

    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError):
        return error_response(
            400, "This form expired or was sent from elsewhere. Please reload the page and try again."
        )

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        status = error.code or 500
        return error_response(status, _HTTP_MESSAGES.get(status, error.description or "Error."))

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if health.is_database_down(error):
            return health.unavailable_response()
        # Logged with its traceback by Flask; the member sees a calm page, never a stack.
        app.logger.exception("Unhandled error on %s %s", request.method, log_privacy.loggable_path(request.path))
        return error_response(500, "Something went wrong on our side. Please try again.")
