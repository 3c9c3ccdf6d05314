#!/usr/bin/env bash
# Memory of the app and its WebKit processes, idle with the people list open on a large generated store,
# against an empty Tauri window measured in the same run (see rss.mjs). Run from anywhere inside a display
# and a session bus:
#   xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- bash tests/perf/rss.sh
# Env: RELATA_APP (the app with the UI embedded; default target/debug/relata from
# `ui/node_modules/.bin/tauri build --debug --no-bundle`), RELATA_BLANK_APP (the baseline, default
# target/debug/examples/blank_window from `cargo build --example blank_window`; build both in the same
# profile), RELATA_BENCH_BIN (generator, default target/release/relata-bench from
# `cargo build --release -p relata-cli --features bench`), RSS_PEOPLE (1000000), RSS_DATA_DIR (reuse or keep
# a dataset), RSS_IDLE_MS (15000), RSS_READY_MS (600000: the first open of a plaintext store encrypts it), RSS_SHOTS_DIR (screenshots of both windows). WEBKIT_* variables
# (e.g. WEBKIT_DISABLE_COMPOSITING_MODE=1) reach both through the driver.
set -euo pipefail
cd "$(dirname "$0")/../.."

export RELATA_APP="${RELATA_APP:-$PWD/target/debug/relata}"
export RELATA_BLANK_APP="${RELATA_BLANK_APP:-$PWD/target/debug/examples/blank_window}"
export RELATA_BENCH_BIN="${RELATA_BENCH_BIN:-$PWD/target/release/relata-bench}"
export XDG_DATA_HOME="$(mktemp -d)"
export XDG_CONFIG_HOME="$(mktemp -d)"
export HOME="$(mktemp -d)"
driver_log="$(mktemp)"

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port="$(free_port)"
native_port="$(free_port)"
while [ "$native_port" = "$port" ]; do native_port="$(free_port)"; done
export WEBDRIVER_URL="http://127.0.0.1:$port"

tauri-driver --port "$port" --native-port "$native_port" --native-driver /usr/bin/WebKitWebDriver >"$driver_log" 2>&1 &
driver=$!
# SIGTERM, never SIGKILL: a killed tauri-driver leaves WebKitWebDriver orphaned.
trap 'kill -TERM $driver 2>/dev/null; wait $driver 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -fs "$WEBDRIVER_URL/status" >/dev/null 2>&1 && break
  sleep 0.2
done
node tests/perf/rss.mjs
