#!/usr/bin/env python3
"""Times one admin page on Pony and on Django (Benchmarks/admin.sh): logs in to each with
the same superuser, checks that both list the same rows, then fetches the page N times,
alternating servers, and prints the median time of each: the server's own time, from each
server's access log (Pony's `… 1.234ms`, gunicorn's `%(D)s` microseconds), and the time this
client saw (which adds about 2 ms of Python `requests` to both).

A PATH with `{n}` asks for a different page each round (`{n}` becomes the round's number), so
nothing one request computed is reused by the next: Pony keeps a changelist's counts while the
database reports no commit, and a repeated page measures that; `q=task+{n}` measures counting.

    python3 admin_client.py PONY_BASE DJANGO_BASE PATH USER PASSWORD N PONY_LOG DJANGO_LOG
"""
import re
import statistics
import sys
import time

import requests

pony_base, django_base, path, user, password = sys.argv[1:6]
rounds = int(sys.argv[6])
pony_log, django_log = sys.argv[7:9]


def logged_in(base):
    session = requests.Session()
    page = session.get(base + "/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(base + "/admin/login/", data={
        "csrfmiddlewaretoken": token, "username": user, "password": password, "next": "/admin/"},
        headers={"Referer": base + "/admin/login/"}, allow_redirects=False)
    assert answer.status_code == 302, (base, answer.status_code, answer.text[:500])
    return session


def names(html):
    return re.findall(r'<th class="field-name"><a href="[^"]*">([^<]*)</a></th>', html) or \
        re.findall(r'<th scope="row" class="field-name"><a href="[^"]*">([^<]*)</a></th>', html)


def count(html):
    match = re.search(r"(\d+) results? \(", html)
    return int(match.group(1)) if match else None


pony, django = logged_in(pony_base), logged_in(django_base)
# NB: the check asks for a page no round asks for again.
check = path.format(n=rounds)
first_pony, first_django = pony.get(pony_base + check), django.get(django_base + check)
assert first_pony.status_code == 200 and first_django.status_code == 200
assert names(first_pony.text) == names(first_django.text), (names(first_pony.text)[:5], names(first_django.text)[:5])
assert count(first_pony.text) == count(first_django.text), (count(first_pony.text), count(first_django.text))
print("Both list the same %d rows of %s matches." % (len(names(first_pony.text)), count(first_pony.text)))

times = {"pony": [], "django": []}
for n in range(rounds):
    for name, session, base in (("pony", pony, pony_base), ("django", django, django_base)):
        start = time.perf_counter()
        response = session.get(base + path.format(n=n))
        times[name].append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200


prefix = '"GET ' + path.split("{n}")[0]


def server_times(log, pattern, scale):
    with open(log) as file:
        found = [float(m.group(1)) * scale for m in (re.search(pattern, line) for line in file if prefix in line) if m]
    return found[-rounds:]


pony_server = server_times(pony_log, r" ([0-9.]+)ms$", 1)
django_server = server_times(django_log, r" ([0-9]+)$", 0.001)
assert len(pony_server) == rounds and len(django_server) == rounds, (len(pony_server), len(django_server))
pony_ms, django_ms = statistics.median(pony_server), statistics.median(django_server)
print("server time, median of %d: Pony %.2f ms, Django %.2f ms, ratio %.1f" % (rounds, pony_ms, django_ms, django_ms / pony_ms))
pony_ms, django_ms = statistics.median(times["pony"]), statistics.median(times["django"])
print("client time, median of %d: Pony %.2f ms, Django %.2f ms, ratio %.1f" % (rounds, pony_ms, django_ms, django_ms / pony_ms))
