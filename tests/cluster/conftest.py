"""The fault suite's cluster: HAProxy and three app processes (deploy/cluster.py, as `make cluster`
runs them), on a Redis server and a PostgreSQL database of the suite's own, the database
behind a TCP proxy the suite can cut. Started once per module; everything stopped and
dropped at the end.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from deploy import cluster as deployment
from tests.cluster.seed import seed
from tests.cluster.services import CuttableProxy, RedisServer, free_port, throwaway_database

# Short leases, so that a killed process's presence and duty end within the run.
LEASE_SECONDS = 6


def _env(folder: Path, database_url: str, redis_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY")}
    return env | {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "cluster-suite-secret",
        "KINDRED_INSTANCE_PATH": str(folder / "instance"),
        "PROXY_FIX": "1",
        "LISTENER_DUTY_LEASE_SECONDS": str(LEASE_SECONDS),
        "PRESENCE_LEASE_SECONDS": str(LEASE_SECONDS),
        # Every member signs in from 127.0.0.1 through the balancer.
        "SIGN_IN_RATE_LIMIT": "1000 per minute",
    }


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    """(cluster, redis, proxy, direct database URL, seeded accounts)."""
    admin_url = os.environ.get("KINDRED_TEST_POSTGRES")
    if not admin_url:
        pytest.skip("the fault suite needs PostgreSQL: set KINDRED_TEST_POSTGRES (make test does)")
    if shutil.which("haproxy") is None:
        pytest.fail("no haproxy: run tests/setup/ensure-haproxy.sh (make test does)")
    folder = tmp_path_factory.mktemp("cluster")
    with throwaway_database(admin_url) as (direct_url, _name):
        redis = RedisServer(folder)
        redis.start()
        proxy = CuttableProxy(direct_url.port or 5432)
        through_proxy = direct_url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        env = _env(folder, through_proxy, redis.url)
        cluster = deployment.start(env, port=free_port(), app_ports=[free_port() for _ in range(3)],
                                   log_dir=folder / "logs", wait=False)  # fmt: skip
        try:
            seeded = seed(env, members=8, listeners=2)  # while the processes start
            cluster.wait_healthy()
            yield cluster, redis, proxy, direct_url, seeded
        finally:
            cluster.stop()
            redis.stop()
            proxy.close()
