"""A TCP proxy that holds every chunk back half a round trip each way: a network on one machine.

    python -m bench.latency_proxy LISTEN_PORT TARGET_PORT ROUND_TRIP_MS

bench/outbox.py puts it between the sender and the SMTP sink, so that a mail server's round
trips cost what they cost over a network, for both ways of sending.
"""

from __future__ import annotations

import asyncio
import sys


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    """Forward in order, each chunk `delay` seconds after it arrived."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()

    async def take() -> None:
        while True:
            try:
                data = await reader.read(65536)
            except ConnectionError:
                data = b""
            queue.put_nowait((loop.time() + delay, data))
            if not data:
                return

    async def give() -> None:
        while True:
            due, data = await queue.get()
            await asyncio.sleep(max(0.0, due - loop.time()))
            if not data:
                writer.close()
                return
            try:
                writer.write(data)
                await writer.drain()
            except ConnectionError:
                return

    await asyncio.gather(take(), give())


async def _serve(listen: int, target: int, round_trip_ms: float) -> None:
    delay = round_trip_ms / 2000

    async def connect(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(
            _pipe(client_reader, server_writer, delay), _pipe(server_reader, client_writer, delay)
        )

    server = await asyncio.start_server(connect, "127.0.0.1", listen)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    listen_port, target_port, milliseconds = sys.argv[1:4]
    asyncio.run(_serve(int(listen_port), int(target_port), float(milliseconds)))
