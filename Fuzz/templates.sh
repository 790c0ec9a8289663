#!/usr/bin/env bash
# Fuzzes PonyTemplates with libFuzzer and AddressSanitizer for SECONDS (default 180):
#   Fuzz/templates.sh [SECONDS]
# The engine's sources are compiled with the entry point into one program (its only
# dependency, PonySupport, is compiled in too); the corpus starts from the Django corpus's
# templates and is kept in .build/fuzz-corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
source Fuzz/lib.sh
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
fuzz_build "$WORK/fuzz-templates" PonyTemplates "$WORK"/src/*.swift
fuzz_run "$WORK/fuzz-templates" "$SECONDS_TO_RUN" 4096 .build/fuzz-corpus
