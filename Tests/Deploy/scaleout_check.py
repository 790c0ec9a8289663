"""Checks three Pony instances behind nginx (Tests/Deploy/scaleout.sh starts them).

    python3 scaleout_check.py NGINX_URL DATABASE_URL PORT1,PORT2,PORT3 PID_TO_STOP WORK_DIR REDIS_URL
"""
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request

NGINX, DATABASE, PORTS, VICTIM, WORK = sys.argv[1], sys.argv[2], sys.argv[3].split(","), int(sys.argv[4]), sys.argv[5]
REDIS = sys.argv[6]
failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def sql(query):
    return subprocess.run(["psql", "-tA", DATABASE, "-c", query], check=True, capture_output=True, text=True).stdout


def get(url, headers=None, source="127.0.0.1"):
    """GET from a chosen loopback source address; returns (status, headers, body)."""
    host, port = url.split("//")[1].split("/")[0].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(source, 0))
    connection.request("GET", "/" + url.split("//")[1].split("/", 1)[1], headers=headers or {})
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, dict(response.getheaders()), body


# 1. Migrations: applied once although three instances started together.
duplicates = sql("SELECT app, name FROM django_migrations GROUP BY app, name HAVING count(*) > 1").strip()
check(duplicates == "", "every migration recorded once in django_migrations" + (f" (twice: {duplicates})" if duplicates else ""))
count = int(sql("SELECT count(*) FROM django_migrations").strip())
check(count >= 15, f"the apps' migrations are recorded ({count} rows)")
permissions = sql("SELECT codename FROM auth_permission GROUP BY content_type_id, codename HAVING count(*) > 1").strip()
check(permissions == "", "every permission made once (post-migrate ran in three processes)")

# 2. One session across instances. (The cookie is sent by hand: it is marked Secure, because
# nginx says the request came over HTTPS, so a cookie jar would keep it from plain http://.)
cookie, seen, counts = None, set(), []
for _ in range(9):
    status, headers, body = get(NGINX + "/whoami/", {"Cookie": cookie} if cookie else {})
    answer = json.loads(body)
    seen.add(answer["instance"])
    counts.append(answer["count"])
    if "Set-Cookie" in headers:
        check("; Secure" in headers["Set-Cookie"], "the session cookie is Secure behind the TLS proxy") if not cookie else None
        cookie = headers["Set-Cookie"].split(";")[0]
check(seen == {"i1", "i2", "i3"}, f"nginx spread the requests over all three instances ({sorted(seen)})")
check(counts == list(range(1, 10)), f"the session's counter went 1…9 across instances ({counts})")

session_key = cookie.split("=", 1)[1]
cached = subprocess.run(["redis-cli", "-u", REDIS, "get", f":1:django.contrib.sessions.cached_db{session_key}"],
                        check=True, capture_output=True, text=True).stdout.strip()
check(json.loads(cached or "{}").get("count") == 9, f"the session is in Redis under Django's cached_db key ({cached})")

# 2b. A page cached by one instance is the page every instance answers. (One Host for all:
# it is part of the page's cache key, as in Django.)
reports = [get(f"http://127.0.0.1:{port}/report/", {"Host": "localhost"})[2] for port in PORTS]
check(len(set(reports)) == 1 and reports[0].startswith("report rendered by i"),
      f"the three instances answer the page one of them cached in Redis ({reports})")

# 3. Writes from every instance reach the one database.
for _ in range(30):
    request = urllib.request.Request(NGINX + "/visits/", method="POST", data=b"")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201
totals = [json.loads(get(f"http://127.0.0.1:{port}/visits/")[2]) for port in PORTS]
check(all(total["total"] == 30 for total in totals), f"each instance counts 30 rows ({[t['total'] for t in totals]})")
check(sum(total["here"] for total in totals) == 30 and all(t["here"] > 0 for t in totals),
      f"every instance wrote some ({[t['here'] for t in totals]})")

# 4. Proxy headers: trusted only when configured.
status, headers, body = get(NGINX + "/whoami/", {"X-Forwarded-For": "6.6.6.6", "X-Forwarded-Proto": "http"}, "127.0.0.2")
answer = json.loads(body)
check(answer["secure"] is True, "through nginx a request is secure (nginx replaced a forged X-Forwarded-Proto)")
check(headers.get("Strict-Transport-Security") == "max-age=60", "HSTS is sent on the secure response")
check(answer["client"] == "127.0.0.2", f"the client is the address nginx saw, not a forged one ({answer['client']})")
status, headers, body = get(f"http://127.0.0.1:{PORTS[0]}/whoami/", {"X-Forwarded-For": "203.0.113.9"})
check(json.loads(body)["client"] == "203.0.113.9", "X-Forwarded-For from a trusted proxy (127.0.0.1) names the client")
check(json.loads(body)["secure"] is False and "Strict-Transport-Security" not in headers,
      "without the proto header a direct request is not secure and gets no HSTS")
status, headers, body = get(f"http://127.0.0.1:{PORTS[0]}/whoami/", {"X-Forwarded-For": "203.0.113.9"}, "127.0.0.2")
check(json.loads(body)["client"] == "127.0.0.2", "X-Forwarded-For from an untrusted peer is ignored")

# 5. Server-sent events pass through nginx unbuffered.
started = time.monotonic()
connection = http.client.HTTPConnection(NGINX.split("//")[1].split(":")[0], int(NGINX.rsplit(":", 1)[1]), timeout=10)
connection.request("GET", "/events/")
response = connection.getresponse()
first = response.readline().decode()
first_at = time.monotonic() - started
rest = response.read().decode()
total_at = time.monotonic() - started
connection.close()
check(first.startswith("data: first from"), f"the first event arrives ({first.strip()!r})")
check(first_at < 0.7 and total_at >= 0.9, f"…at once, not with the last ({first_at:.2f} s, stream ended at {total_at:.2f} s)")
check("data: second" in rest, "the second event follows")

# 6. Stop one instance while requests flow: nothing is lost.
results, lock = [], threading.Lock()
stop = threading.Event()


def load(path):
    while not stop.is_set():
        try:
            with urllib.request.urlopen(NGINX + path, timeout=10) as response:
                response.read()
                outcome = response.status
        except urllib.error.HTTPError as error:
            outcome = error.code
        except Exception as error:  # noqa: BLE001 - any failure counts
            outcome = repr(error)
        with lock:
            results.append(outcome)


threads = [threading.Thread(target=load, args=("/slow/" if i % 2 else "/visits/",)) for i in range(8)]
for thread in threads:
    thread.start()
time.sleep(1.5)
os.kill(VICTIM, signal.SIGTERM)
time.sleep(3)
stop.set()
for thread in threads:
    thread.join()
bad = [outcome for outcome in results if outcome != 200]
check(len(results) > 50 and not bad, f"{len(results)} requests while an instance stopped, {len(bad)} failed {bad[:5]}")
try:
    os.kill(VICTIM, 0)
    stopped = False
except ProcessLookupError:
    stopped = True
except PermissionError:
    stopped = False
check(stopped or subprocess.run(["ps", "-o", "stat=", "-p", str(VICTIM)], capture_output=True, text=True).stdout.strip().startswith("Z"),
      "the stopped instance exited after draining")

if failures:
    sys.exit(f"{len(failures)} scale-out check(s) failed")
