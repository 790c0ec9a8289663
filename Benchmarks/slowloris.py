"""Opens N connections that send a request head one byte every few seconds and never finish
it (slowloris), and reports how long the server took to drop each.

    python3 Benchmarks/slowloris.py PORT [N] [SECONDS]

Prints: opened, dropped, dropped within SECONDS, the slowest drop in seconds.
"""
import asyncio
import sys
import time

PORT = int(sys.argv[1])
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
LIMIT = float(sys.argv[3]) if len(sys.argv) > 3 else 11.0


async def loris(results):
    start = time.monotonic()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    except OSError:
        results.append(("refused", 0.0))
        return
    try:
        writer.write(b"GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: ")
        await writer.drain()
        while time.monotonic() - start < LIMIT * 3:
            try:
                data = await asyncio.wait_for(reader.read(1024), timeout=2)
                if not data:
                    break
            except asyncio.TimeoutError:
                pass
            writer.write(b"a")
            await writer.drain()
        else:
            results.append(("kept", time.monotonic() - start))
            return
    except (ConnectionError, OSError):
        pass
    results.append(("dropped", time.monotonic() - start))
    writer.close()


async def main():
    results = []
    await asyncio.gather(*(loris(results) for _ in range(COUNT)))
    dropped = [t for kind, t in results if kind == "dropped"]
    within = [t for t in dropped if t <= LIMIT]
    print(len(results) - results.count(("refused", 0.0)), len(dropped), len(within),
          round(max(dropped), 1) if dropped else 0)


asyncio.run(main())
