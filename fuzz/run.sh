#!/usr/bin/env bash
# Fuzzes the import's CSV and vCard readers. Usage: fuzz/run.sh [SECONDS_PER_TARGET] (default 30).
# Installs what it needs when missing: the nightly toolchain (libFuzzer's sanitizer flags need it) and
# cargo-fuzz. A crash or a leak stops the run with a non-zero exit and leaves the input in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"
secs="${1:-30}"

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "==> rustup: nightly toolchain (for cargo-fuzz)"
    rustup toolchain install nightly --profile minimal >/dev/null
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "==> cargo: cargo-fuzz"
    cargo install cargo-fuzz --locked --quiet
fi

for target in csv_reader vcard_reader; do
    mkdir -p "corpus/$target"
    # Seed with the import fixtures of the matching kind.
    case "$target" in
        csv_reader) cp -n ../tests/fixtures/import/*.csv "corpus/$target/" ;;
        vcard_reader) cp -n ../tests/fixtures/import/*.vcf "corpus/$target/" ;;
    esac
    cargo +nightly fuzz run "$target" "corpus/$target" -- -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 \
        -print_final_stats=1
done
