"""The production server's WebSocket handshake, as a browser makes it."""

from __future__ import annotations

import base64
import os
import socket
from urllib.parse import urlsplit

import pytest

# What Chromium sends when it opens a WebSocket: it always offers compression.
BROWSER_OFFER = "permessage-deflate; client_max_window_bits"


def _upgrade(url: str, extensions: str) -> str:
    host = urlsplit(url).netloc
    key = base64.b64encode(os.urandom(16)).decode()
    request = (f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {host}\r\n"
               f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
               f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: {extensions}\r\n\r\n")  # fmt: skip
    with socket.create_connection(tuple(host.split(":")), timeout=10) as sock:
        sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = sock.recv(4096)
            if not chunk:
                break
            response += chunk
    return response.split(b"\r\n\r\n", 1)[0].decode("latin-1")


@pytest.mark.browser
def test_the_server_upgrades_to_websocket_but_declines_compression(live_server):
    head = _upgrade(live_server.url, BROWSER_OFFER)
    assert head.startswith("HTTP/1.1 101"), head
    # Each chat frame would be deflated once per recipient (community/sockets.py).
    assert "sec-websocket-extensions" not in head.lower(), head
