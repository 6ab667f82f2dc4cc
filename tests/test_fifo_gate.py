"""The production worker lets requests into the app in the order they came (community.serving.FifoGate).

Greenlets stand for requests, as they are in the worker; no server is needed to check the order.
"""

from __future__ import annotations

import gevent

from community import create_app
from community.serving import FifoGate, requests_in_app


def _request(gate: FifoGate, name: str, order: list[str], hold: float) -> None:
    gate.enter()
    try:
        order.append(name)
        gevent.sleep(hold)
    finally:
        gate.leave()


def test_requests_go_in_in_the_order_they_came_and_a_newcomer_never_takes_a_waiting_ones_slot():
    gate, order = FifoGate(2), []
    inside = [gevent.spawn(_request, gate, name, order, 0.05) for name in ("a", "b")]
    gevent.sleep(0.01)
    waiting = [gevent.spawn(_request, gate, name, order, 0) for name in ("c", "d", "e")]
    gevent.sleep(0.01)
    assert order == ["a", "b"] and len(gate.waiting) == 3
    inside[0].join()  # a leaves: its slot is handed to c, before c has even run again
    late = gevent.spawn(_request, gate, "f", order, 0)  # arrives while c holds a slot it has not used yet
    gevent.joinall([*inside, *waiting, late], timeout=5, raise_error=True)
    assert order == ["a", "b", "c", "d", "e", "f"]
    assert gate.free == 2 and not gate.waiting


def test_a_request_killed_while_it_waits_gives_up_its_place_and_never_a_slot():
    gate, order = FifoGate(1), []
    holder = gevent.spawn(_request, gate, "a", order, 0.05)
    gevent.sleep(0.01)
    given_up = gevent.spawn(_request, gate, "b", order, 0)
    after = gevent.spawn(_request, gate, "c", order, 0)
    gevent.sleep(0.01)
    given_up.kill()  # a timeout or a shutdown, while it waits
    gevent.joinall([holder, after], timeout=5, raise_error=True)
    assert order == ["a", "c"] and gate.free == 1 and not gate.waiting


def test_a_slot_handed_to_a_request_that_is_killed_before_it_runs_goes_on_to_the_next():
    gate, order = FifoGate(1), []
    gate.enter()  # the one slot is taken
    handed = gevent.spawn(_request, gate, "b", order, 0)
    after = gevent.spawn(_request, gate, "c", order, 0)
    gevent.sleep(0.01)
    handed.kill(block=False)  # b is killed while it waits (delivered on the loop's next turn) ...
    gate.leave()  # ... just after the slot was handed to it, so it dies holding a slot it never used
    gevent.joinall([after], timeout=5, raise_error=True)
    assert order == ["c"] and gate.free == 1 and not gate.waiting


def test_the_gate_has_as_many_places_as_the_database_pool_serves_at_once(tmp_path):
    """A deployment that sizes its pool sizes the gate too: no request waits inside for a connection."""
    on_file = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'kindred.sqlite3'}"}
    assert requests_in_app(create_app(on_file)) == 15  # SQLAlchemy's 5, and 10 more under load
    sized = create_app(on_file | {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 20, "max_overflow": 4}})
    assert requests_in_app(sized) == 24
