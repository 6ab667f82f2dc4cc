"""Members reading and posting through HAProxy, on one process or three.

    .venv/bin/python bench/load.py [--processes 1 3] [--members 24] [--rate 12] [--seconds 30]

For each process count: starts the deployment of `make cluster` (deploy/cluster.py:
HAProxy, gunicorn gevent processes) on a scratch PostgreSQL database (on --postgres's
server, dropped afterwards) and a Redis server of its own, seeds members into one group,
and has them read the thread, reply through the form and chat over WebSocket, together
about --rate actions per second, for --seconds. Prints requests per second, p50/p99 per
route, errors, and how many writes were acknowledged and how many of those are stored.
The members are the fault suite's (tests/cluster/members.py). Bounded: a fixed time,
127.0.0.1 only, everything stopped and removed at exit.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from deploy import cluster as deployment  # noqa: E402
from tests.cluster.members import Member  # noqa: E402
from tests.cluster.seed import seed  # noqa: E402
from tests.cluster.services import RedisServer, free_port, throwaway_database  # noqa: E402


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def _report(processes: int, members: list[Member], seconds: float, stored: set[str]) -> None:
    by_route: dict[str, list] = defaultdict(list)
    for timing in (t for m in members for t in m.timings):
        by_route[timing.route].append(timing)
    total = sum(len(ts) for ts in by_route.values())
    print(f"\n{processes} process(es): {total / seconds:.1f} requests/s over {seconds:.0f} s")
    print(f"  {'route':<22}{'count':>7}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for route, timings in sorted(by_route.items()):
        ms = [t.seconds * 1000 for t in timings]
        errors = sum(1 for t in timings if t.status not in (200, 302, "ack"))
        print(f"  {route:<22}{len(ms):>7}{_percentile(ms, 50):>9.1f}{_percentile(ms, 99):>9.1f}{errors:>8}")
    writes = [w for m in members for w in m.writes]
    acked = [w for w in writes if w.outcome == "acked"]
    count = {outcome: sum(w.outcome == outcome for w in writes) for outcome in ("refused", "unknown")}
    kept = sum(w.token in stored for w in acked)
    print(f"  writes: {len(writes)}, acknowledged {len(acked)}, of those stored {kept}, "
          f"refused {count['refused']}, unanswered {count['unknown']}")  # fmt: skip


def _stored_tokens(url) -> set[str]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        bodies = conn.execute(sa.text("SELECT body FROM posts UNION ALL SELECT body FROM chat_messages")).scalars()
        tokens = {word for body in bodies for word in body.split() if "-" in word}
    engine.dispose()
    return tokens


def run(processes: int, args) -> None:
    with tempfile.TemporaryDirectory(prefix="kindred-load-") as tmp, throwaway_database(args.postgres) as (url, _):
        folder = Path(tmp)
        redis = RedisServer(folder)
        redis.start()
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "SECRET_KEY")} | {
            "DATABASE_URL": url.render_as_string(hide_password=False), "REDIS_URL": redis.url,
            "SECRET_KEY": "bench-load-secret", "KINDRED_INSTANCE_PATH": str(folder / "instance"), "PROXY_FIX": "1",
            "SIGN_IN_RATE_LIMIT": "10000 per minute"}  # fmt: skip
        cluster = deployment.start(env, port=free_port(), app_ports=[free_port() for _ in range(processes)],
                                   log_dir=folder / "logs")  # fmt: skip
        try:
            seeded = seed(env, members=args.members, listeners=0)
            members = [Member(cluster.url, name, seeded["password"], seeded["group"], seeded["thread"])
                       for name in seeded["members"]]  # fmt: skip
            for member in members:
                member.sign_in()
                member.connect()
                member.timings.clear()
            started = time.monotonic()
            pace = args.members / args.rate
            threads = [threading.Thread(target=m.run, args=(started + args.seconds, pace)) for m in members]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
            for member in members:
                member.close()
            _report(processes, members, elapsed, _stored_tokens(url))
        finally:
            cluster.stop()
            redis.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 3])
    parser.add_argument("--members", type=int, default=24)
    parser.add_argument("--rate", type=float, default=12.0, help="actions per second, all members together")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--postgres", default=os.environ.get("KINDRED_TEST_POSTGRES",
                                                             "postgresql://postgres@127.0.0.1:5432/test"))  # fmt: skip
    args = parser.parse_args()
    if args.seconds > 600:
        parser.error("--seconds: at most 600 (the load is bounded)")
    for processes in args.processes:
        run(processes, args)


if __name__ == "__main__":
    main()
