#!/usr/bin/env bash
# Issue 16's figure: bind, validate and render (`{{ form }}`) a 10-field form, Pony against
# Django 5.2, in one run on this machine (the goal: at least 10× Django). Both render the very
# same HTML, checked first.
#
#   Benchmarks/forms.sh          # DURATION=3 seconds per measurement, ROUNDS=3 alternating rounds
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib.sh
SECONDS_EACH=${DURATION:-3}
ROUNDS=${ROUNDS:-3}

python3 -c 'import django' 2>/dev/null || pip install -q "django>=5.2,<5.3"
echo "Building Benchmarks/FormRender (release)…"
swift build -c release --package-path Benchmarks/FormRender 2>&1 | tail -1
BIN=Benchmarks/FormRender/.build/release/FormRender

if ! diff <($BIN --html) <(python3 Benchmarks/django_form.py --html) > /dev/null; then
    echo "Pony's and Django's HTML differ:"
    diff <($BIN --html) <(python3 Benchmarks/django_form.py --html) | head -20
    exit 1
fi
echo "Same HTML from both ($($BIN --html | wc -c) bytes)."

pony=(); django=()
for _ in $(seq 1 "$ROUNDS"); do
    pony+=("$($BIN "$SECONDS_EACH")")
    django+=("$(python3 Benchmarks/django_form.py "$SECONDS_EACH")")
done
pony_median=$(printf '%s\n' "${pony[@]}" | median)
django_median=$(printf '%s\n' "${django[@]}" | median)
echo
echo "10-field form bound, validated and rendered, forms/s (median of $ROUNDS alternating rounds of ${SECONDS_EACH}s):"
echo "  Pony   $pony_median   (${pony[*]})"
echo "  Django $django_median   (${django[*]}; Django $(python3 -c 'import django; print(django.get_version())'))"
printf '  ratio Pony/Django: %.1f (goal >= 10)\n' "$(echo "$pony_median / $django_median" | bc -l)"
