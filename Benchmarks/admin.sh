#!/usr/bin/env bash
# Issue 17's figure: the admin changelist of 100,000 rows with a filter and a search, Pony
# (`pony serve`) against Django 5.2's admin (gunicorn, one worker, DEBUG off) on the same
# SQLite database, one run. Goals: at most 50 ms for Pony, at least 10× Django. The same page
# asked again reuses the counts Pony keeps while nothing commits; a search that changes with
# every request measures the counting too.
#
#   Benchmarks/admin.sh            # ROWS=100000, ROUNDS=20
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib.sh
ROWS=${ROWS:-100000}
ROUNDS=${ROUNDS:-20}
PONY_PORT=8871
DJANGO_PORT=8872
python3 -c 'import django, gunicorn, requests' 2>/dev/null || pip install -q "django>=5.2,<5.3" gunicorn requests
swift build --product pony 2>&1 | tail -1
PONY=$PWD/.build/debug/pony

WORK=$(mktemp -d)
cp Benchmarks/adminbench.swift "$WORK/"
export ADMIN_DB="$WORK/db.sqlite3"
export PONY_ALLOWED_HOSTS=127.0.0.1
export PONY_SECRET_KEY="admin-benchmark-only-$(head -c 24 /dev/urandom | base64)"
cleanup() { kill "${SERVE:-}" "${GUNICORN:-}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

echo "Migrating with Pony and making the superuser…"
"$PONY" makemigrations "$WORK/adminbench.swift"
PONY_SUPERUSER_USERNAME=admin PONY_SUPERUSER_PASSWORD=bench-pass-1 PONY_SUPERUSER_EMAIL=a@example.com \
    "$PONY" manage "$WORK/adminbench.swift" createsuperuser --noinput
echo "Seeding $ROWS tasks with Django's ORM…"
(cd Benchmarks/DjangoAdmin && python3 benchsite.py seed "$ROWS")

"$PONY" serve "$WORK/adminbench.swift" "127.0.0.1:$PONY_PORT" --workers 1 >"$WORK/pony.log" 2>&1 &
SERVE=$!
(cd Benchmarks/DjangoAdmin && exec python3 -m gunicorn -w 1 -b "127.0.0.1:$DJANGO_PORT" \
    --access-logfile "$WORK/django-access.log" --access-logformat '"%(r)s" %(s)s %(D)s' benchsite:application \
    >"$WORK/django.log" 2>&1) &
GUNICORN=$!
wait_port $PONY_PORT || { cat "$WORK/pony.log"; exit 1; }
wait_port $DJANGO_PORT || { cat "$WORK/django.log"; exit 1; }

echo
echo "Changelist, filtered (completed) and searched (q=alpha), $ROWS rows:"
python3 Benchmarks/admin_client.py "http://127.0.0.1:$PONY_PORT" "http://127.0.0.1:$DJANGO_PORT" \
    "/admin/adminbench/task/?completed__exact=1&q=alpha" admin bench-pass-1 "$ROUNDS" "$WORK/pony.log" \
    "$WORK/django-access.log"
echo "Changelist, filtered and searched for a different number each request (q=task+N, nothing kept):"
python3 Benchmarks/admin_client.py "http://127.0.0.1:$PONY_PORT" "http://127.0.0.1:$DJANGO_PORT" \
    "/admin/adminbench/task/?completed__exact=1&q=task+{n}" admin bench-pass-1 "$ROUNDS" "$WORK/pony.log" \
    "$WORK/django-access.log"
echo "Changelist, first page, no filter:"
python3 Benchmarks/admin_client.py "http://127.0.0.1:$PONY_PORT" "http://127.0.0.1:$DJANGO_PORT" \
    "/admin/adminbench/task/" admin bench-pass-1 "$ROUNDS" "$WORK/pony.log" "$WORK/django-access.log"
