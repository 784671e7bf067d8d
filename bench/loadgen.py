"""A small HTTP load generator, for machines without wrk.

    python bench/loadgen.py http://127.0.0.1:8105/ --connections 16 --duration 10

Keeps `connections` requests in flight (asyncio, one process) for `duration`
seconds and prints JSON: requests, errors, requests per second, p50 and p99
latency in milliseconds, and the status codes seen. It speaks just enough
HTTP/1.1 for this: keep-alive when the server allows it, a new connection when
it closes (gunicorn's sync workers do after every response).
"""

import argparse
import asyncio
import contextlib
import json
import time
from collections import Counter
from urllib.parse import urlsplit


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, round(share * (len(sorted_values) - 1)))
    return sorted_values[index]


class Client:
    def __init__(self, host: str, port: int, request: bytes):
        self.host, self.port, self.request = host, port, request
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def fetch(self) -> int:
        """One request; returns the status code."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                self.host, self.port
            )
        self.writer.write(self.request)
        status_line = await self.reader.readline()
        if not status_line:  # the server closed a kept-alive connection
            await self.close()
            return await self.fetch()
        status = int(status_line.split()[1])
        length, close, chunked = None, False, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value == "close":
                close = True
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
        if chunked:
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        elif length is not None:
            await self.reader.readexactly(length)
        else:
            await self.reader.read()
            close = True
        if close:
            await self.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def run(url: str, connections: int, duration: float, headers: dict) -> dict:
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    lines = [f"GET {path} HTTP/1.1", f"Host: {parts.netloc}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors = 0
    deadline = time.perf_counter() + duration

    async def worker() -> None:
        nonlocal errors
        client = Client(parts.hostname, parts.port or 80, request)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                status = await client.fetch()
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                errors += 1
                await client.close()
                continue
            latencies.append(time.perf_counter() - started)
            statuses[status] += 1
        await client.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "statuses": {str(code): n for code, n in sorted(statuses.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument(
        "--header", action="append", default=[], help="'Name: value', repeatable"
    )
    args = parser.parse_args()
    headers = dict(h.split(": ", 1) for h in args.header)
    result = asyncio.run(run(args.url, args.connections, args.duration, headers))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
