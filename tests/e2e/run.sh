#!/usr/bin/env bash
# Runs the end-to-end tests against the built app. Call it inside a display and a session bus
# (.ci/test.sh wraps it in xvfb-run and dbus-run-session).
set -euo pipefail
cd "$(dirname "$0")/../.."

# The app keeps its database key in the OS keyring: give this session a real, unlocked one first.
if [ "${RELATA_TEST_KEYRING:-}" != "1" ]; then
  exec bash .ci/with-keyring.sh bash tests/e2e/run.sh "$@"
fi

export RELATA_APP="${RELATA_APP:-$(realpath -m "${CARGO_TARGET_DIR:-target}/debug/relata")}"
# The shipped app has no `bench`; the scale test generates its dataset with the headless relata-bench.
export RELATA_BENCH_BIN="${RELATA_BENCH_BIN:-$(realpath -m "${CARGO_TARGET_DIR:-target}/debug/relata-bench")}"
export XDG_DATA_HOME="$(mktemp -d)"   # keeps app data and any keyring out of $HOME
export XDG_CONFIG_HOME="$(mktemp -d)"
# The autostart crate writes ~/.config/autostart whatever XDG_CONFIG_HOME says, so the app gets its own HOME.
export HOME="$(mktemp -d)"
driver_log="$(mktemp)"

# A real notification daemon on this private session bus: the reminder tests read what it shows.
dunst >/dev/null 2>&1 &
dunst_pid=$!

# Free ports, so a second run on the same machine (another checkout, a developer's run) cannot collide.
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port="$(free_port)"
native_port="$(free_port)"
while [ "$native_port" = "$port" ]; do native_port="$(free_port)"; done
export WEBDRIVER_URL="http://127.0.0.1:$port"

tauri-driver --port "$port" --native-port "$native_port" --native-driver /usr/bin/WebKitWebDriver >"$driver_log" 2>&1 &
driver=$!
# SIGTERM, never SIGKILL: a killed tauri-driver leaves WebKitWebDriver orphaned and holding the pipe.
trap 'kill -TERM $driver 2>/dev/null; wait $driver 2>/dev/null || true; kill -TERM $dunst_pid 2>/dev/null || true' EXIT

for _ in $(seq 1 50); do
  curl -fs "$WEBDRIVER_URL/status" >/dev/null 2>&1 && break
  sleep 0.2
done

status=0
# Every test file, or only the ones named on the command line.
if [ "$#" -gt 0 ]; then files=("$@"); else files=(tests/e2e/*.test.mjs); fi
node --test --test-concurrency=1 --test-reporter=spec "${files[@]}" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- tauri-driver log ---"
  tail -n 80 "$driver_log"
fi
exit "$status"
