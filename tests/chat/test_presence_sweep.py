"""A crashed process's presence entries: swept, and the rooms they were in named for a catch-up."""

import os
import time
import uuid

import pytest
import redis

from community.chat.presence import Here, RedisPresence


@pytest.fixture
def redis_url():
    url = os.environ.get("KINDRED_TEST_REDIS")
    if not url:
        pytest.skip("KINDRED_TEST_REDIS is not set")
    return url


def test_a_dead_process_s_entries_are_swept_and_their_rooms_named(redis_url):
    room = f"group:{uuid.uuid4().int % 10**9}"
    alive, dead = (
        RedisPresence(redis_url, "alive-" + uuid.uuid4().hex, 30),
        RedisPresence(redis_url, "dead-" + uuid.uuid4().hex, 1),
    )
    alive.renew()
    dead.renew()
    pipe = redis.Redis.from_url(redis_url).pipeline()
    alive._write(pipe, room, "sid-alive", Here(1, "Ana"))
    dead._write(pipe, room, "sid-dead", Here(2, "Ben"))
    pipe.execute()
    assert room not in alive.sweep()  # both leases still run
    time.sleep(1.2)  # the dead process's lease runs out; it never renews
    assert room in alive.sweep()  # a str, ready for the catch-up (the client hands back bytes)
    assert [sid for sid in redis.Redis.from_url(redis_url).hkeys(f"kindred:presence:{room}")] == [b"sid-alive"]
    assert room not in alive.sweep()  # swept once
