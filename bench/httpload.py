"""A small closed-loop HTTP/1.1 load generator for bench/pages.py (127.0.0.1 only, bounded in time).

Each of N clients sends a request, reads the whole response, records the time it took
and sends the next one at once, as wrk does. Keep-alive clients reuse one connection
(reconnecting only if the server closes it); with ``close`` every request opens a new
connection and says ``Connection: close``. A request is counted if it *started* after
the warm-up, so the figures describe the steady state, and latency is measured from
the first byte written to the last byte read.
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
    failures: int = 0  # connections refused, reset or cut mid-response
    elapsed: float = 0.0  # the measured window


def _encode(method: str, path: str, headers: dict[str, str], body: bytes, port: int, close: bool) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", *(f"{k}: {v}" for k, v in headers.items())]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    lines.append("Connection: close" if close else "Connection: keep-alive")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; return its status and whether the server will close the connection."""
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split(" ", 2)[1])
    headers = {}
    for line in header_lines:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip().lower()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    elif status not in (204, 304):
        await reader.read()  # body delimited by the connection's end
        return status, True
    return status, headers.get("connection") == "close"


async def _client(port: int, make: RequestMaker, seed: int, close: bool, measure_from: float, stop_at: float,
                  result: Result) -> None:  # fmt: skip
    rng = random.Random(seed)
    conn = None
    while time.monotonic() < stop_at:
        request = _encode(*make(rng, seed), port=port, close=close)
        started = time.monotonic()
        try:
            if conn is None:
                conn = await asyncio.open_connection(HOST, port)
            reader, writer = conn
            writer.write(request)
            status, closing = await _read_response(reader)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            result.failures += 1
            closing = True
            status = None
            await asyncio.sleep(0.01)
        if status is not None and started >= measure_from:
            result.latencies.append(time.monotonic() - started)
            result.statuses[status] = result.statuses.get(status, 0) + 1
        if (closing or close) and conn is not None:
            conn[1].close()
            conn = None
    if conn is not None:
        conn[1].close()


def run(port: int, make: RequestMaker, *, connections: int, seconds: float, warmup: float, close: bool,
        cpus: set[int] | None = None) -> Result:  # fmt: skip
    """Drive ``connections`` clients for ``warmup + seconds``; blocks, returns the measured window."""
    if cpus:
        os.sched_setaffinity(0, cpus)
    result = Result()

    async def main() -> None:
        start = time.monotonic()
        measure_from, stop_at = start + warmup, start + warmup + seconds
        await asyncio.gather(*(_client(port, make, i, close, measure_from, stop_at, result)
                               for i in range(connections)))  # fmt: skip
        # Requests still in flight at stop_at finish late; the window is when they could start.
        result.elapsed = seconds

    asyncio.run(main())
    return result
