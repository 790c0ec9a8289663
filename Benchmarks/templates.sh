#!/usr/bin/env bash
# Raw template rendering: Pony's engine vs Django's on the same fortunes page and context, in
# one run on this machine; then the hostile 64 KiB inputs of HostileInputTests, timed.
#
#   Benchmarks/templates.sh          # DURATION=3 seconds per measurement, ROUNDS=3 alternating rounds
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib.sh
SECONDS_EACH=${DURATION:-3}
ROUNDS=${ROUNDS:-3}

python3 -c 'import django' 2>/dev/null || pip install -q "django>=5.2,<5.3"
echo "Building Benchmarks/TemplateRender (release)…"
swift build -c release --package-path Benchmarks/TemplateRender 2>&1 | tail -1
BIN=Benchmarks/TemplateRender/.build/release/TemplateRender

pony=(); django=()
for _ in $(seq 1 "$ROUNDS"); do
    pony+=("$($BIN fortunes "$SECONDS_EACH" | awk '{print $1}')")
    django+=("$(python3 Benchmarks/django_render.py "$SECONDS_EACH")")
done
pony_median=$(printf '%s\n' "${pony[@]}" | median)
django_median=$(printf '%s\n' "${django[@]}" | median)
echo
echo "Fortunes page, renders/s (median of $ROUNDS alternating rounds of ${SECONDS_EACH}s):"
echo "  Pony   $pony_median   (${pony[*]})"
echo "  Django $django_median   (${django[*]}; Django $(python3 -c 'import django; print(django.get_version())'))"
printf '  ratio Pony/Django: %.1f\n' "$(echo "$pony_median / $django_median" | bc -l)"
echo
echo "Hostile inputs (64 KiB each), one render:"
$BIN hostile
