#!/usr/bin/env bash
# Sets up everything, builds Relata with its UI embedded and starts it. Extra arguments go to the app
# (for example `--data-dir DIR`).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash .ci/setup.sh
ui/node_modules/.bin/tauri build --debug --no-bundle
exec target/debug/relata "$@"
