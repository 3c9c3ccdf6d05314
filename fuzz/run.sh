#!/usr/bin/env bash
# Fuzzes the import's CSV and vCard readers. Usage: fuzz/run.sh [SECONDS_PER_TARGET] (default 30).
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-30}"
for target in csv_reader vcard_reader; do
    mkdir -p "corpus/$target"
    # Seed with the import fixtures of the matching kind.
    case "$target" in
        csv_reader) cp -n ../tests/fixtures/import/*.csv "corpus/$target/" ;;
        vcard_reader) cp -n ../tests/fixtures/import/*.vcf "corpus/$target/" ;;
    esac
    cargo +nightly fuzz run "$target" "corpus/$target" -- -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048
done
