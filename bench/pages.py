"""Page and reply latency for every member, measured against the app served as in production.

    .venv/bin/python bench/pages.py [--workers 1] [--connections 16 64] [--seconds 8] [--close]
        [--pages home group thread reply] [--server kindred stock] [--repeat 1]
        [--postgres postgresql://postgres@127.0.0.1:5432/test] [--redis redis://127.0.0.1:6379/0]

Seeds 5 groups with 40 threads each (200 threads × 20 posts) through the forum's own use
cases, then serves the app with gunicorn and gevent exactly as ``make run`` does, and drives
the home, group and thread pages (as a guest and as a signed-in member) and reply posting
with closed-loop keep-alive clients (``--close``: a new connection per request). For each it
prints requests/s, latency p50/p90/p99/max, the SQL statements one request costs, and the
server's resident memory. ``--server stock`` serves with gunicorn's own gevent worker and
defaults instead of Kindred's configuration, to compare the two in the same conditions.

Each server run starts from a fresh copy of the seeded database, so replies posted by one
run never change what the next run reads. On two or more cores the load generator is pinned
to the last core and the server to the others (when they are at least as many as the
workers); the machine's load average is printed with every table. Bounded: at most 60 s and
512 connections per measurement, 127.0.0.1 only, everything removed at exit.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import httpload
import seed

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("home", "group", "thread", "reply")
# What `make run` and the deployment serve: the same command, so the figures are theirs.
KINDRED_SERVER = ["-c", "python:community.gunicorn_conf", "community.wsgi:app"]
# "per conn": the fewest and the most requests one connection had answered in the window.
# "CPU ms": the server's CPU time per response; unlike req/s it holds on a machine others share.
HEADER = ("| page | viewer | conns | req/s | p50 ms | p90 ms | p99 ms | max ms | per conn | CPU ms | statements "
          "| errors |")  # fmt: skip
STOCK_SERVER = ["-k", "gevent", "community.wsgi:app"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _memory_mib(pids: list[int], field: str) -> float:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                total += int(line.split()[1])
    return total / 1024


def _split_cpus(workers: int) -> tuple[set[int] | None, set[int] | None]:
    """The last core for the load generator; the others for the server if there are enough of them."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return None, None
    server = set(cpus[:-1])
    return (server if len(server) >= workers else None), {cpus[-1]}


class Server:
    """gunicorn serving the app on a free port, from its own copy of the seeded database."""

    def __init__(self, kind: str, workers: int, database_url: str, instance: str, redis_url: str | None = None):
        self.port = _free_port()
        command = KINDRED_SERVER if kind == "kindred" else STOCK_SERVER
        env = dict(os.environ, DATABASE_URL=database_url, KINDRED_INSTANCE_PATH=instance, SECRET_KEY=seed.SECRET)
        env.pop("REDIS_URL", None)
        if redis_url:  # as production runs several workers: shared rate limits, sockets and page stamps
            env["REDIS_URL"] = redis_url
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{self.port}",
             "--log-level", "warning", *command], cwd=ROOT, env=env)  # fmt: skip
        deadline = time.time() + 120
        while not self._booted(workers):
            if time.time() > deadline or self.process.poll() is not None:
                raise RuntimeError("gunicorn did not start")
        self.workers = _children(self.process.pid)

    def _booted(self, workers: int) -> bool:
        """Every worker answers: the app is imported and the screener warm (its CPU time stops rising)."""
        before = [_cpu_seconds(pid) for pid in _children(self.process.pid)]
        time.sleep(0.5)
        after = [_cpu_seconds(pid) for pid in _children(self.process.pid)]
        if len(after) < workers or len(before) != len(after):
            return False
        if max(b - a for a, b in zip(before, after, strict=True)) > 0.05:
            return False
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    def pin(self, cpus: set[int] | None) -> None:
        for pid in self.workers:
            os.sched_setaffinity(pid, cpus or os.sched_getaffinity(0))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _drive(port, make, connections, seconds, close, cpus) -> httpload.Result:
    """Run the load generator in its own process, so it can sit on its own core."""
    queue = mp.Queue()
    proc = mp.Process(target=lambda: queue.put(httpload.run(port, make, connections=connections, seconds=seconds,
                                                            warmup=1.0, close=close, cpus=cpus)))  # fmt: skip
    proc.start()
    result = queue.get(timeout=seconds + 120)
    proc.join(timeout=10)
    return result


def _row(page: str, viewer: str, connections: int, result: httpload.Result, statements: float | None,
         cpu: float) -> str:  # fmt: skip
    lat = sorted(result.latencies)
    if not lat:
        return f"| {page} | {viewer} | {connections} | no responses ({result.failures} failures) |"
    q = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else [lat[0]] * 99
    ok = sum(n for status, n in result.statuses.items() if status < 400)
    bad = len(lat) - ok + result.failures
    ms = [f"{x * 1000:.1f}" for x in (q[49], q[89], q[98], lat[-1])]
    stmts = f"{statements:.1f}" if statements is not None else "–"
    spread = f"{min(result.per_client)}–{max(result.per_client)}"
    cpu_ms = cpu / max(result.answered, 1) * 1000
    return (f"| {page} | {viewer} | {connections} | {len(lat) / result.elapsed:.0f} | {' | '.join(ms)} | "
            f"{spread} | {cpu_ms:.1f} | {stmts} | {bad} |")  # fmt: skip


def measure(kind: str, args, seeded: seed.Seeded, statements: dict) -> None:
    server_cpus, client_cpus = _split_cpus(args.workers)
    with seeded.copy() as (database_url, instance):
        server = Server(kind, args.workers, database_url, instance, args.redis)
        try:
            server.pin(server_cpus)
            print(f"\nserver: {kind}, {args.workers} worker(s), {'Connection: close' if args.close else 'keep-alive'}"
                  f", server CPUs {sorted(server_cpus) if server_cpus else 'any'}, load generator CPUs "
                  f"{sorted(client_cpus) if client_cpus else 'any'}; load average before: {_load()}")  # fmt: skip
            print(HEADER)
            print("|---" * HEADER.count(" | ") + "|---|")
            for page, viewer in seed.scenarios(args.pages):
                for connections in args.connections:
                    make = seeded.request_maker(page, viewer)
                    cpu = sum(_cpu_seconds(pid) for pid in server.workers)
                    result = _drive(server.port, make, connections, args.seconds, args.close, client_cpus)
                    cpu = sum(_cpu_seconds(pid) for pid in server.workers) - cpu
                    print(_row(page, viewer, connections, result, statements.get((page, viewer)), cpu), flush=True)
            rss, peak = _memory_mib(server.workers, "VmRSS"), _memory_mib(server.workers, "VmHWM")
            print(f"server RSS (workers): {rss:.0f} MiB, peak {peak:.0f} MiB; load average after: {_load()}")
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--connections", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--close", action="store_true", help="a new connection per request (Connection: close)")
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES))
    parser.add_argument(
        "--server",
        nargs="+",
        choices=["kindred", "stock"],
        default=["kindred"],
        help="kindred: as make run serves; stock: gunicorn's own gevent worker and defaults",
    )
    parser.add_argument("--repeat", type=int, default=1, help="run each server this many times, interleaved")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="seed a scratch PostgreSQL database on this server "
        "(e.g. postgresql://postgres@127.0.0.1:5432/test); default: a temporary SQLite file",
    )
    parser.add_argument("--redis", metavar="URL", help="serve with REDIS_URL set (as several workers need)")
    args = parser.parse_args()
    if args.seconds > 60 or max(args.connections) > 512 or not 1 <= args.workers <= 8 or args.repeat > 5:
        parser.error("bounded: at most 60 seconds, 512 connections, 8 workers and 5 repeats")
    mp.set_start_method("fork")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.time()
        seeded = seed.seed(tmp, args.postgres, members=max(args.connections))
        print(f"seeded {seeded.summary()} in {time.time() - started:.0f} s "
              f"({'PostgreSQL' if args.postgres else 'SQLite'})")  # fmt: skip
        statements = seeded.statements_per_request()
        for _ in range(args.repeat):
            for kind in args.server:
                measure(kind, args, seeded, statements)
        seeded.drop()


if __name__ == "__main__":
    main()
