#!/usr/bin/env python3
"""Edit -> first 200 of the new code under `pony run`, median of N edits.

Usage: edit_latency.py PONY APP.swift PORT [N]

Copies nothing: edits APP.swift in place (pass a scratch copy), changing the text of its
/plaintext response to a fresh marker, and polls http://127.0.0.1:PORT/plaintext every 5 ms
until the marker is served. Prints each latency and the median.
"""
import http.client, os, re, statistics, subprocess, sys, time

pony, app, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
count = int(sys.argv[4]) if len(sys.argv) > 4 else 10

def get():
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/plaintext", headers={"Connection": "close"})
        response = connection.getresponse()
        return response.status, response.read().decode()
    except OSError:
        return None, ""

def wait_for(marker, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, body = get()
        if status == 200 and marker in body:
            return True
        time.sleep(0.005)
    return False

source = open(app).read()
log = open(os.environ.get("PONY_RUN_LOG", os.devnull), "w")
server = subprocess.Popen([pony, "run", app, f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)
try:
    if not wait_for("Hello", 900):
        sys.exit("pony run did not come up")
    latencies = []
    for index in range(count):
        marker = f"edit-{index}-{time.time_ns()}"
        start = time.monotonic()
        with open(app, "w") as handle:
            handle.write(re.sub(r'Response\.text\("[^"]*"\)', f'Response.text("Hello {marker}")', source))
        if not wait_for(marker, 60):
            sys.exit(f"edit {index} was not served within 60 s")
        latencies.append(time.monotonic() - start)
        print(f"  edit {index + 1}: {latencies[-1]:.3f} s", flush=True)
        time.sleep(0.3)
    print(f"edit -> first 200 (median of {count}): {statistics.median(latencies):.3f} s")
finally:
    server.terminate()
    server.wait()
    open(app, "w").write(source)
