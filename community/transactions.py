"""The transaction boundary for use cases.

A use case decorated with ``@atomic`` commits once when it returns and rolls
back if it raises, so nothing half-written is ever stored. Nested use cases
join the outer transaction instead of committing early.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import sqlalchemy as sa

from community import page_cache
from community.extensions import db

P = ParamSpec("P")
R = TypeVar("R")

_DEPTH = "kindred.atomic_depth"


def update_if(row, condition, **values) -> bool:
    """UPDATE ``row`` with ``values`` only while ``condition`` still holds; True if it did.

    One guarded statement instead of read-then-write: when two listeners accept, claim
    or decide at once, the database lets exactly one through. ``row`` is reloaded either
    way, so the caller can say what it found.
    """
    model = type(row)
    # The pages this one row shows (page_cache), rather than every page a bulk statement retires.
    stamps = page_cache.stamps_of(db.session, row)
    result = db.session.execute(
        sa.update(model).where(model.id == row.id, condition).values(**values)
        .execution_options(synchronize_session=False, **{page_cache.STAMPS_OPTION: stamps})
    )  # fmt: skip
    db.session.refresh(row)
    return result.rowcount == 1


def atomic(func: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        info = db.session.info
        outermost = info.get(_DEPTH, 0) == 0
        info[_DEPTH] = info.get(_DEPTH, 0) + 1
        try:
            result = func(*args, **kwargs)
            if outermost:
                db.session.commit()
            return result
        except BaseException:
            if outermost:
                db.session.rollback()
            raise
        finally:
            info[_DEPTH] -= 1

    return wrapper
