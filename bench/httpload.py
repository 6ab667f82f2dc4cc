"""A small closed-loop HTTP/1.1 load generator for bench/pages.py (127.0.0.1 only, bounded in time).

Each of N clients sends a request, reads the whole response, records the time it took and
sends the next one, as wrk does. Keep-alive clients reuse one connection (reconnecting
only if the server closes it); with ``close`` every request opens a new connection and
says ``Connection: close``. A request counts if it *started* after the warm-up, so the
figures describe the steady state; latency runs from the request's write to the last
byte of its response.

The next request leaves from inside the callback that reads the end of the response, a few
microseconds later, as it would from wrk or from a load balancer that reuses its server
connections: a slower client would hide how the server schedules connections whose next
request is already waiting (issue 15).
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

HOST = "127.0.0.1"

# One request to make, given the client's random source and its number (0..connections-1):
# (method, path, headers, body). Called anew for every request.
RequestMaker = Callable[[random.Random, int], tuple[str, str, dict[str, str], bytes]]


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)  # seconds, requests started after warm-up
    statuses: dict[int, int] = field(default_factory=dict)
    per_client: list[int] = field(default_factory=list)  # measured requests answered, per connection
    answered: int = 0  # every response, warm-up included (to divide the server's CPU time by)
    failures: int = 0  # connections refused, reset or cut mid-response
    elapsed: float = 0.0  # the measured window


def _encode(method: str, path: str, headers: dict[str, str], body: bytes, port: int, close: bool) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", *(f"{k}: {v}" for k, v in headers.items())]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    lines.append("Connection: close" if close else "Connection: keep-alive")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class _Response:
    """Collects one response from the bytes as they come; ``done`` once its body is complete."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.status = 0
        self.length: int | None = None  # of the whole response, once the head is read
        self.closing = False

    def feed(self, data: bytes) -> None:
        self.buffer += data
        if self.length is None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end]).decode("latin-1").lower().split("\r\n")
            self.status = int(head[0].split(" ", 2)[1])
            headers = dict(line.split(":", 1) for line in head[1:] if ":" in line)
            self.closing = headers.get("connection", "").strip() == "close"
            if "content-length" not in headers:
                raise ValueError("a response without Content-Length")  # Flask always sends one
            self.length = end + 4 + int(headers["content-length"])

    @property
    def done(self) -> bool:
        return self.length is not None and len(self.buffer) >= self.length


class _Client(asyncio.Protocol):
    """One connection's closed loop: write a request, read its response, write the next at once."""

    def __init__(self, load: _Load, number: int):
        self.load, self.number = load, number
        self.transport: asyncio.Transport | None = None
        self.lost = asyncio.get_running_loop().create_future()

    def connection_made(self, transport) -> None:
        self.transport = transport
        self._send()

    def _send(self) -> None:
        self.response, self.started = _Response(), time.monotonic()
        self.transport.write(self.load.next_request(self.number))

    def data_received(self, data: bytes) -> None:
        try:
            self.response.feed(data)
        except ValueError:
            self.load.result.failures += 1
            self.transport.close()
            return
        if not self.response.done:
            return
        self.load.answered(self.number, self.started, self.response.status)
        if self.response.closing or self.load.close or time.monotonic() >= self.load.stop_at:
            self.transport.close()
        else:
            self._send()

    def connection_lost(self, exc) -> None:
        if not self.response.done:
            self.load.result.failures += 1
        self.lost.set_result(None)


class _Load:
    def __init__(self, port: int, make: RequestMaker, connections: int, close: bool, measure_from: float,
                 stop_at: float):  # fmt: skip
        self.port, self.make, self.close = port, make, close
        self.measure_from, self.stop_at = measure_from, stop_at
        self.rngs = [random.Random(i) for i in range(connections)]
        self.result = Result(per_client=[0] * connections)

    def next_request(self, number: int) -> bytes:
        return _encode(*self.make(self.rngs[number], number), port=self.port, close=self.close)

    def answered(self, number: int, started: float, status: int) -> None:
        self.result.answered += 1
        if started >= self.measure_from:
            self.result.latencies.append(time.monotonic() - started)
            self.result.statuses[status] = self.result.statuses.get(status, 0) + 1
            self.result.per_client[number] += 1

    async def client(self, number: int) -> None:
        loop = asyncio.get_running_loop()
        while time.monotonic() < self.stop_at:
            try:
                _, protocol = await loop.create_connection(lambda: _Client(self, number), HOST, self.port)
                await protocol.lost
            except OSError:
                self.result.failures += 1
                await asyncio.sleep(0.01)


def run(port: int, make: RequestMaker, *, connections: int, seconds: float, warmup: float, close: bool,
        cpus: set[int] | None = None) -> Result:  # fmt: skip
    """Drive ``connections`` clients for ``warmup + seconds``; blocks, returns the measured window."""
    if cpus:
        os.sched_setaffinity(0, cpus)

    async def main() -> Result:
        start = time.monotonic()
        load = _Load(port, make, connections, close, start + warmup, start + warmup + seconds)
        await asyncio.gather(*(load.client(i) for i in range(connections)))
        # Requests in flight at the end finish late; the window is the time in which they could start.
        load.result.elapsed = seconds
        return load.result

    return asyncio.run(main())
