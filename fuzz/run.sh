#!/usr/bin/env bash
# Fuzz csaudit's readers with atheris for a fixed time per target (not part of CI: it is open-ended work).
#
#   bash fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     # default: 600 s each, every target
#
# Installs atheris and csaudit into fuzz/.venv (never into the project's own environment), seeds each
# target from the bad-input corpus and the examples, and runs fuzz/harness.py under libFuzzer with a
# per-input timeout and a memory cap. What grows the coverage is kept in fuzz/work/corpus/TARGET; an input
# that crashes, hangs or exhausts memory is written to fuzz/work/findings/TARGET/ (exit status non-zero).
# Each finding, once fixed, is kept in fuzz/regressions/TARGET/ (and seeds every later run); the findings and
# the hours run are listed in docs/robustness.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(profile rules waivers conditions)

venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --upgrade pip >/dev/null
"$venv/bin/pip" install -q atheris -e "$repo"

seed() {  # seed files for one target
    local target=$1 dest=$2
    mkdir -p "$dest"
    case $target in
        profile) cp "$repo"/tests/data/bad/profiles/*.yaml "$repo"/facts/examples/*.yaml "$repo"/tests/data/bad/good/profile.yaml "$dest"/ ;;
        rules) for f in "$repo"/tests/data/bad/good/rules/demo/*.yaml "$repo"/tests/data/bad/rules/*/demo/*.yaml; do
                   { cat "$f"; printf '\n#--tests--\ncases:\n  - {name: gap, expect: gap, profile: {}}\n'; } > "$dest/$(basename "$(dirname "$(dirname "$f")")")-$(basename "$f")"
               done ;;
        waivers) cp "$repo"/tests/data/bad/waivers/*.yaml "$repo"/docs/examples/audit-cycles/*/waivers.yaml "$dest"/ 2>/dev/null || true
                 for f in "$repo"/docs/examples/audit-cycles/*/waivers.yaml; do cp "$f" "$dest/$(basename "$(dirname "$f")")-waivers.yaml"; done ;;
        conditions) head -c 4096 /dev/urandom > "$dest/random" ;;
    esac
}

status=0
for target in "${targets[@]}"; do
    work="$here/work"
    mkdir -p "$work/corpus/$target" "$work/findings/$target" "$work/seeds/$target"
    seed "$target" "$work/seeds/$target"
    if [ -d "$here/regressions/$target" ]; then cp "$here/regressions/$target"/* "$work/seeds/$target"/; fi
    echo "fuzzing $target for ${seconds}s" >&2
    "$venv/bin/python" "$here/harness.py" "$target" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
        -max_len=65536 -artifact_prefix="$work/findings/$target/" -print_final_stats=1 \
        "$work/corpus/$target" "$work/seeds/$target" || status=$?
done
exit $status
