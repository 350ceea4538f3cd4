"""An open-loop load generator on loopback: requests start on a fixed schedule (``rate`` per second), whether or
not earlier ones have answered, as ~200 social workers would. A closed loop (the next request after the last
answer) hides a slow server by sending less; this one does not.

Latency is counted from the scheduled start, so a request that waited for a free connection counts that wait
(no coordinated omission). The run is bounded: ``duration`` seconds of sending, then at most ``timeout``
seconds for the last answers. Standard library only (asyncio, one HTTP/1.1 connection per request).
"""

import asyncio
import time
from dataclasses import dataclass, field

from bench.stats import percentile


@dataclass
class LoadResult:
    sent: int = 0
    latencies_ms: list[float] = field(default_factory=list)  # answered with 200
    errors: dict = field(default_factory=dict)  # status or exception name -> count
    seconds: float = 0.0

    @property
    def ok(self) -> int:
        return len(self.latencies_ms)

    def summary(self) -> dict:
        lat = self.latencies_ms
        return {
            "sent": self.sent, "ok": self.ok, "errors": self.errors, "seconds": round(self.seconds, 2),
            "p50_ms": percentile(lat, 50) if lat else None, "p95_ms": percentile(lat, 95) if lat else None,
            "max_ms": max(lat) if lat else None,
        }


async def _one(host: str, port: int, request: bytes, timeout: float) -> int:
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        writer.write(request)
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        status = int(head.split(b" ", 2)[1])
        length = None
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length is not None:
            await asyncio.wait_for(reader.readexactly(length), timeout)
        else:
            await asyncio.wait_for(reader.read(), timeout)  # Connection: close ends the body
        return status
    finally:
        writer.close()


def build_request(host: str, port: int, path: str, cookie: str = "") -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "User-Agent: skutan-bench", "Accept: text/html",
             "Connection: close"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _run(host, port, paths, cookie, rate, duration, timeout) -> LoadResult:
    result = LoadResult()
    requests = [build_request(host, port, p, cookie) for p in paths]
    loop = asyncio.get_running_loop()
    start = loop.time()
    count = int(rate * duration)
    tasks = []

    async def fire(i: int, scheduled: float):
        try:
            status = await _one(host, port, requests[i % len(requests)], timeout)
        except Exception as exc:  # noqa: BLE001 — counted, never raised: the run goes on
            key = type(exc).__name__
            result.errors[key] = result.errors.get(key, 0) + 1
            return
        if status == 200:
            result.latencies_ms.append((loop.time() - scheduled) * 1000)
        else:
            result.errors[str(status)] = result.errors.get(str(status), 0) + 1

    for i in range(count):
        scheduled = start + i / rate
        delay = scheduled - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(fire(i, scheduled)))
        result.sent += 1
    if tasks:
        await asyncio.wait(tasks, timeout=timeout)
        for task in tasks:
            task.cancel()
    result.seconds = loop.time() - start
    return result


def run(*, host: str = "127.0.0.1", port: int, paths: list[str], cookie: str = "", rate: float = 20.0,
        duration: float = 20.0, timeout: float = 30.0) -> LoadResult:
    """Send ``rate`` GET requests per second for ``duration`` seconds, cycling through ``paths``."""
    started = time.perf_counter()
    result = asyncio.run(_run(host, port, paths, cookie, rate, duration, timeout))
    result.seconds = time.perf_counter() - started
    return result
