"""Anonymous names: "Anonymous Heron", chosen by a keyed hash of (place, member).

The forum (per thread), chat (per room) and Q&A (per session) each store or derive
their own aliases, under their own hash scope, so a member's name in one place says
nothing about their name in another. What they share is here: the names and the order
in which a member's candidates are tried. The hash cannot be worked back to a member
without the app's SECRET_KEY.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
from collections.abc import Iterator

from flask import current_app

ANIMALS = (
    "Heron", "Otter", "Wren", "Badger", "Fox", "Hare", "Robin", "Owl", "Finch", "Seal",
    "Lynx", "Crane", "Dove", "Marten", "Plover", "Swift", "Beaver", "Kestrel", "Puffin", "Stoat",
    "Bison", "Ibis", "Koala", "Lark", "Moose", "Newt", "Oriole", "Panda", "Quail", "Raven",
    "Sparrow", "Tern", "Vole", "Walrus", "Yak", "Zebra", "Alpaca", "Bluebird", "Cormorant", "Dolphin",
    "Egret", "Falcon", "Gannet", "Hedgehog", "Jay", "Kingfisher", "Lemur", "Magpie", "Nightjar", "Osprey",
)  # fmt: skip
ADJECTIVES = (
    "Quiet", "Gentle", "Steady", "Bright", "Calm", "Kind", "Brave", "Patient", "Warm", "Hopeful",
    "Curious", "Silver", "Golden", "Misty", "Sunny", "Mossy",
)  # fmt: skip
_NAMES = ANIMALS + tuple(f"{a} {b}" for a, b in itertools.product(ADJECTIVES, ANIMALS))


def first_choice(scope: str, place_id: int, user_id: int) -> str:
    """The member's animal in this place: stable, and unrelated to their animal elsewhere."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"{scope}:{place_id}:{user_id}".encode(), hashlib.sha256).digest()
    return ANIMALS[int.from_bytes(digest[:8], "big") % len(ANIMALS)]


def candidates(scope: str, place_id: int, user_id: int) -> Iterator[str]:
    """Animals from the member's first choice on, then adjective-animal pairs: 850 names."""
    start = ANIMALS.index(first_choice(scope, place_id, user_id))
    yield from (ANIMALS[(start + i) % len(ANIMALS)] for i in range(len(ANIMALS)))
    yield from _NAMES[len(ANIMALS) :]


def pick(scope: str, place_id: int, user_id: int, taken: set[str]) -> str:
    """The first of the member's candidates nobody in this place has yet."""
    return next((n for n in candidates(scope, place_id, user_id) if n not in taken), f"Member {len(taken) + 1}")
