"""Password rules: long enough, and not easy to guess.

Strength is judged offline by zxcvbn (Dropbox's estimator): it knows common passwords,
names, dictionary words, keyboard walks, repeats and dates, and it is told the member's
own username and display name, so "password12", "aaaaaaaaaa" and "sam-password" are
refused with its own hint. No password ever leaves the server.
"""

from __future__ import annotations

from zxcvbn import zxcvbn

from community.errors import InvalidInput

MIN_PASSWORD = 10
MAX_PASSWORD = 200
# zxcvbn's scale: 3 = "safely unguessable" (about 10^10 guesses), what its authors advise for sign-up.
MIN_SCORE = 3
# zxcvbn's work grows quickly with length (bench/accounts.py: about 10 ms at 30 characters,
# over 100 ms at 72, time a gevent worker spends serving nobody else). A password whose
# first 32 characters are strong is strong; one that is weak there is refused.
_SCORED_PREFIX = 32

LENGTH_MESSAGE = (
    f"Your password needs at least {MIN_PASSWORD} characters (and at most {MAX_PASSWORD}). "
    "A short sentence only you would write is long enough and easy to remember."
)


def check(password: str, *, personal: list[str] | tuple[str, ...] = ()) -> None:
    """Raise InvalidInput with a clear message unless ``password`` is long and hard to guess.

    ``personal`` holds words of the member's own (username, display name): a password built
    from them is easy to guess for anyone who has seen their profile.
    """
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidInput(LENGTH_MESSAGE)
    words = [word for word in personal if word] + ["kindred"]
    result = zxcvbn(password[:_SCORED_PREFIX], user_inputs=words)
    if result["score"] >= MIN_SCORE:
        return
    hint = result["feedback"].get("warning") or "It follows a pattern that is easy to guess."
    if any(word.casefold() in password.casefold() for word in personal if len(word) >= 3):
        hint = "It contains your username or display name."
    raise InvalidInput(
        f"That password is too easy to guess. {hint} "
        "Try a few unrelated words, or a short sentence only you would write."
    )
