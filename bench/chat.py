"""Group chat fan-out, measured against the app served as in production.

    .venv/bin/python bench/chat.py [--clients 200 500] [--rate 20] [--seconds 10]
        [--postgres postgresql://postgres@127.0.0.1:5432/test] [--redis redis://127.0.0.1:6379/0]

Starts ``gunicorn -c python:community.gunicorn_conf community.wsgi:app`` on 127.0.0.1 with a temporary
SQLite database (or a scratch PostgreSQL database, and Redis, as in a scaled-out
deployment) and seeded members, connects N real WebSocket clients to one group's
chat room (a thin asyncio client speaking Engine.IO 4 / Socket.IO 5 frames, spread over
several processes so that the clients are not the bottleneck), has some of them send
``rate`` messages per second, and prints fan-out latency (send → every receiver)
p50/p99 with the CPU of the server and of the load generator. Then it prints how many messages per second the screener
checks. Bounded: a fixed duration per run, 127.0.0.1 only, everything removed at exit.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import multiprocessing as mp
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USER_AGENT = "kindred-bench"
SECRET = "bench-secret-key-not-for-production"
GROUP = "bench-room"


def _seed(tmp: str, members: int, database_url: str | None) -> list[str]:
    """Create the schema, a group and members; return one signed session cookie per member."""
    os.environ.update(KINDRED_INSTANCE_PATH=tmp, DATABASE_URL=database_url or f"sqlite:///{tmp}/bench.sqlite3",
                      SECRET_KEY=SECRET)  # fmt: skip
    sys.path.insert(0, str(ROOT))
    from flask_login.utils import _create_identifier

    from community import create_app
    from community.accounts import sessions
    from community.accounts.models import AccountSession, User, utcnow
    from community.extensions import db
    from community.groups.models import Condition, Group, Membership

    app = create_app({"REDIS_URL": None})
    with app.app_context():
        db.create_all()
        group = Group(slug=GROUP, name="Bench", condition=Condition.MENTAL_HEALTH, description="bench")
        db.session.add(group)
        users = [User(username=f"b{i}", username_key=f"b{i}", display_name=f"Bench {i}", password_hash="x",
                      trusted_since=utcnow()) for i in range(members)]  # fmt: skip
        db.session.add_all(users)
        db.session.flush()
        db.session.add_all(Membership(user_id=u.id, group_id=group.id) for u in users)
        # A cookie counts only with a live server-side session behind it (community/accounts/sessions.py).
        tokens = {u.id: os.urandom(16).hex() for u in users}
        db.session.add_all(AccountSession(user_id=i, token_hash=sessions.token_hash(t)) for i, t in tokens.items())
        db.session.commit()
        ids = [u.id for u in users]
    serializer = app.session_interface.get_signing_serializer(app)
    with app.test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={"User-Agent": USER_AGENT}):
        ident = _create_identifier()
    return [serializer.dumps({"_user_id": str(i), "_fresh": True, "_id": ident, sessions.TOKEN_KEY: tokens[i]})
            for i in ids]  # fmt: skip


@contextlib.contextmanager
def _scratch_database(server_url: str | None):
    """A new PostgreSQL database on ``server_url`` for this run, dropped afterwards (or None: SQLite)."""
    if server_url is None:
        yield None
        return
    import psycopg

    name = f"kindred_bench_{os.urandom(4).hex()}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Conn:
    """A minimal WebSocket client for Engine.IO text frames (client frames masked, as required).

    It offers permessage-deflate exactly as browsers do, so the server makes the same choice
    as for a member's browser; if the server takes it up, frames are inflated here.
    """

    def __init__(self, reader, writer, deflate: bool):
        self.reader, self.writer = reader, writer
        self.inflater = zlib.decompressobj(-zlib.MAX_WBITS) if deflate else None

    @classmethod
    async def open(cls, port: int, cookie: str) -> Conn:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write((f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                      f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                      f"Sec-WebSocket-Version: 13\r\nUser-Agent: {USER_AGENT}\r\n"
                      f"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                      f"Cookie: session={cookie}\r\n\r\n").encode())  # fmt: skip
        status = await reader.readuntil(b"\r\n\r\n")
        if b" 101 " not in status.split(b"\r\n", 1)[0]:
            raise RuntimeError(status[:80])
        return cls(reader, writer, deflate=b"permessage-deflate" in status.lower())

    def send(self, text: str) -> None:
        data, mask = text.encode(), os.urandom(4)
        n = len(data)
        head = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + n.to_bytes(2, "big"))
        self.writer.write(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    async def recv(self) -> str:
        b1, b2 = await self.reader.readexactly(2)
        n = b2 & 0x7F
        if n == 126:
            n = int.from_bytes(await self.reader.readexactly(2), "big")
        elif n == 127:
            n = int.from_bytes(await self.reader.readexactly(8), "big")
        payload = await self.reader.readexactly(n)
        if b1 & 0x0F == 0x9:  # ping frame
            return ""
        if b1 & 0x40:  # RSV1: a compressed message
            payload = self.inflater.decompress(payload + b"\x00\x00\xff\xff")
        return payload.decode()


async def _client(port, cookie, phase, period, seconds, joined, start, latencies):
    conn = await Conn.open(port, cookie)
    await conn.recv()  # Engine.IO open
    conn.send("40")
    while not (await conn.recv()).startswith("40"):
        pass
    conn.send("421" + json.dumps(["join_chat", {"group": GROUP}]))
    while not (await conn.recv()).startswith("431"):
        pass
    with joined.get_lock():
        joined.value += 1
    reader = asyncio.create_task(_receive(conn, start, latencies))
    try:
        while start.value == 0:  # the clock starts once every client is in the room
            await asyncio.sleep(0.05)
        stop_at = start.value + seconds
        if phase is not None:
            await asyncio.sleep(max(0.0, start.value + phase - time.time()))
            n = 0
            while time.time() < stop_at:
                conn.send(
                    "42" + json.dumps(["send_message", {"group": GROUP, "body": f"bench {time.time():.6f} n{n}"}])
                )
                n += 1
                await asyncio.sleep(period)
        await asyncio.sleep(max(0.0, stop_at + 2 - time.time()))  # the last messages' deliveries
    finally:
        reader.cancel()
        conn.writer.close()


async def _receive(conn, start, latencies):
    while True:
        frame = await conn.recv()
        now = time.time()
        if frame == "2":
            conn.send("3")
        elif frame.startswith('42["message_added"'):
            sent = float(json.loads(frame[2:])[1]["text"].split()[1])
            if start.value and sent >= start.value:
                latencies.append(now - sent)


def _worker(port, cookies, phases, period, seconds, joined, start, out, cpus):
    if cpus:
        os.sched_setaffinity(0, cpus)

    async def main():
        latencies = []
        tasks = [_client(port, c, phases[i] if i < len(phases) else None, period, seconds, joined, start, latencies)
                 for i, c in enumerate(cookies)]  # fmt: skip
        results = await asyncio.gather(*tasks, return_exceptions=True)
        out.put((latencies, sum(isinstance(r, Exception) for r in results)))

    asyncio.run(main())


def _worker_pid(master: int) -> int:
    """gunicorn's one worker (the master only supervises it)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0]) if children else master


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _split_cpus() -> tuple[set[int], set[int]]:
    """One core for the server, the rest for the load generator, when there are two or more.

    Sharing cores, the scheduler preempts the server for whole time slices while client
    processes run, and that wait (tens of milliseconds) would be measured as fan-out latency.
    """
    cpus = sorted(os.sched_getaffinity(0))
    return ({cpus[0]}, set(cpus[1:])) if len(cpus) >= 2 else (set(), set())


def run(port: int, pid: int, cookies: list[str], clients: int, rate: int, seconds: float, procs: int,
        client_cpus: set[int]) -> None:  # fmt: skip
    senders = max(4 * rate // 2, procs)  # each sender well inside 5 messages / 5 s
    period = senders / rate
    joined, start, out = mp.Value("i", 0), mp.Value("d", 0.0), mp.Queue()
    chunks = [cookies[i::procs] for i in range(procs)]
    # Senders take turns, one every 1/rate seconds, as members typing independently would,
    # rather than all firing together once per period (a burst of `senders` messages).
    phases = [[k / rate for k in range(p, senders, procs)] for p in range(procs)]
    workers = [mp.Process(target=_worker, args=(port, chunk, ph, period, seconds, joined, start, out, client_cpus))
               for chunk, ph in zip(chunks, phases, strict=True)]  # fmt: skip
    t_connect = time.time()
    for w in workers:
        w.start()
    deadline = t_connect + 30 + clients / 10
    while joined.value < clients and time.time() < deadline:
        time.sleep(0.05)
    join_seconds = time.time() - t_connect
    time.sleep(2)  # the arrivals' last presence lists go out before the clock starts
    start.value = time.time() + 0.2
    time.sleep(0.2)
    clients_cpu0 = sum(_cpu_seconds(w.pid) for w in workers)
    cpu0, t0 = _cpu_seconds(pid), time.time()
    time.sleep(seconds)
    cpu = (_cpu_seconds(pid) - cpu0) / (time.time() - t0)
    # The load generator shares this machine: if it is near its cores' limit, latency is its own.
    clients_cpu = (sum(_cpu_seconds(w.pid) for w in workers) - clients_cpu0) / (time.time() - t0)
    results = [out.get(timeout=seconds + 60) for _ in workers]
    for w in workers:
        w.join(timeout=10)
    latencies = sorted(x for r in results for x in r[0])
    errors = sum(r[1] for r in results)
    expected = len(range(0, int(seconds * rate))) * joined.value
    if not latencies:
        print(f"clients={clients}: no messages received (joined={joined.value}, errors={errors})")
        return
    p50, p99 = statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1]
    print(f"clients={clients} joined={joined.value} in {join_seconds:.1f} s errors={errors} rate={rate}/s "
          f"senders={senders} deliveries={len(latencies)}/{expected} fan-out p50={p50 * 1000:.1f} ms "
          f"p99={p99 * 1000:.1f} ms max={latencies[-1] * 1000:.1f} ms server_cpu={cpu * 100:.0f}% "
          f"clients_cpu={clients_cpu * 100:.0f}%")  # fmt: skip


def screening_rate() -> None:
    from moderation import screening

    cases = ROOT / "tests" / "screening" / "dev-cases.jsonl"  # the copy the project ships
    texts = [json.loads(line)["text"] for line in cases.read_text().splitlines() if line.strip()]
    texts = texts or ["I had a rough day but talking here helps."]
    screening.screen(texts[0], condition="mental-health")
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < 3:
        for text in texts:
            screening.screen(text, condition="mental-health")
        n += len(texts)
    elapsed = time.perf_counter() - t0
    print(f"screening: {n / elapsed:,.0f} messages/s ({n} messages in {elapsed:.1f} s, one core)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[200, 500])
    parser.add_argument("--rate", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--procs", type=int, default=4)
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="a PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:5432/test) on which to "
        "create, use and drop a scratch database; default: a temporary SQLite file",
    )
    parser.add_argument(
        "--mode",
        choices=["gevent", "threading"],
        default="gevent",
        help="gevent as production serves (default), or threading (gunicorn gthread, a thread per client), "
        "to compare the two",
    )
    parser.add_argument(
        "--redis",
        metavar="URL",
        help="serve with Redis as the message queue and rate-limit "
        "store, as several processes would (e.g. redis://127.0.0.1:6379/0)",
    )
    args = parser.parse_args()
    if max(args.clients) > 2000 or args.seconds > 60:
        parser.error("bounded: at most 2000 clients and 60 seconds")
    print(f"async mode: {args.mode}, database: {'PostgreSQL' if args.postgres else 'SQLite'}, message queue: "
          f"{'Redis' if args.redis else 'in-process'}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp, _scratch_database(args.postgres) as database_url:
        cookies = _seed(tmp, max(args.clients), database_url)
        port = _free_port()
        env = dict(os.environ, SOCKETIO_ASYNC_MODE=args.mode, **({"REDIS_URL": args.redis} if args.redis else {}))
        worker = (["-c", "python:community.gunicorn_conf", "community.wsgi:app"] if args.mode == "gevent" else
                  ["-k", "gthread", "--threads", str(max(args.clients) + 50), "community:create_app()"])  # fmt: skip
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-w", "1", "-b", f"127.0.0.1:{port}", "--log-level", "warning",
             *worker], cwd=ROOT, env=env)  # fmt: skip
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.2)
            pid = _worker_pid(server.pid)
            server_cpus, client_cpus = _split_cpus()
            if server_cpus:
                os.sched_setaffinity(pid, server_cpus)
                print(f"server pinned to CPU {sorted(server_cpus)}, load generator to CPU {sorted(client_cpus)}")
            for clients in args.clients:
                run(port, pid, cookies[:clients], clients, args.rate, args.seconds, args.procs, client_cpus)
        finally:
            server.terminate()
            server.wait(timeout=10)
    screening_rate()


if __name__ == "__main__":
    main()
