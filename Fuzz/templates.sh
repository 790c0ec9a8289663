#!/usr/bin/env bash
# Fuzzes PonyTemplates with libFuzzer and AddressSanitizer for SECONDS (default 180):
#   Fuzz/templates.sh [SECONDS]
# The engine's sources are compiled with the entry point into one program (its only
# dependency, PonySupport, is compiled in too); the corpus starts from the Django corpus's
# templates and is kept in .build/fuzz-corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-180}
WORK=.build/fuzz
mkdir -p "$WORK/src" .build/fuzz-corpus
rm -f "$WORK"/src/*.swift
for file in $(find Sources/PonyTemplates Sources/PonySupport -name '*.swift'); do
    # One module: drop the imports of PonySupport and flatten the file names.
    sed -e '/^\(internal \|public \)\{0,1\}import PonySupport$/d' "$file" > "$WORK/src/$(echo "$file" | tr '/' '_')"
done
cp Fuzz/TemplateFuzzer.swift "$WORK/src/"
python3 - <<'PY'
import json, hashlib, os
data = json.load(open("Tests/PonyTemplatesTests/Fixtures/django_corpus.json"))
sources = [c["template"] for c in data["cases"] if c.get("template")] + list(data["templates"].values())
for source in sources:
    name = hashlib.sha1(source.encode()).hexdigest()
    open(os.path.join(".build/fuzz-corpus", name), "w").write(source)
PY
rm -f "$WORK/fuzz-templates"
# The package's upcoming features (Package.swift), so imports mean what they mean there.
if ! swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name PonyTemplates -package-name pony \
    -enable-upcoming-feature InternalImportsByDefault -enable-upcoming-feature ExistentialAny \
    "$WORK"/src/*.swift -o "$WORK/fuzz-templates" > "$WORK/build.log" 2>&1; then
    grep -E "error" "$WORK/build.log"
    exit 1
fi
# NB: -detect_leaks=0: the Swift runtime caches type metadata on first use, which LeakSanitizer
# reports as a leak of the first input that needs it (seen for `{{ d }}`: tuple metadata).
"$WORK/fuzz-templates" -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -timeout=5 -rss_limit_mb=4096 -detect_leaks=0 \
    -artifact_prefix="$WORK/" .build/fuzz-corpus 2>&1 | tail -20
