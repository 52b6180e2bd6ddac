"""A SOCKS5 proxy on 127.0.0.1 that records where each client asks to go and refuses.

It speaks enough RFC 1928 to prove a client really went through SOCKS (greeting, CONNECT
with an IPv4, IPv6 or domain address), then answers "connection refused" (REP 0x05):
nothing is ever forwarded, so a test never reaches any address but loopback.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
from collections.abc import AsyncIterator

_REFUSED = bytes([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])


class SocksRecorder:
    """The destinations (host, port) SOCKS clients asked for, in order."""

    def __init__(self) -> None:
        self.destinations: list[tuple[str, int]] = []
        self.port = 0

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError, TimeoutError):
            _version, count = await asyncio.wait_for(reader.readexactly(2), 5)
            await reader.readexactly(count)
            writer.write(bytes([5, 0]))  # no authentication
            _, _command, _, kind = await reader.readexactly(4)
            if kind == 1:
                host = str(ipaddress.IPv4Address(await reader.readexactly(4)))
            elif kind == 4:
                host = str(ipaddress.IPv6Address(await reader.readexactly(16)))
            else:
                host = (await reader.readexactly((await reader.readexactly(1))[0])).decode()
            port = int.from_bytes(await reader.readexactly(2), "big")
            self.destinations.append((host, port))
            writer.write(_REFUSED)
            await writer.drain()
        writer.close()


@contextlib.asynccontextmanager
async def socks_recorder() -> AsyncIterator[SocksRecorder]:
    """A running recorder on a free loopback port."""
    recorder = SocksRecorder()
    server = await asyncio.start_server(recorder._handle, "127.0.0.1", 0)
    recorder.port = server.sockets[0].getsockname()[1]
    try:
        yield recorder
    finally:
        server.close()
        await server.wait_closed()
