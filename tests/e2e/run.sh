#!/usr/bin/env bash
# Runs the end-to-end tests against the built app. Call it inside a display and a session bus
# (.ci/test.sh wraps it in xvfb-run and dbus-run-session).
set -euo pipefail
cd "$(dirname "$0")/../.."

export RELATA_APP="${RELATA_APP:-$PWD/target/debug/relata}"
export XDG_DATA_HOME="$(mktemp -d)"   # keeps app data and any keyring out of $HOME
driver_log="$(mktemp)"

# A real notification daemon on this private session bus: the reminder tests read what it shows.
dunst >/dev/null 2>&1 &
dunst_pid=$!

tauri-driver --port 4444 --native-driver /usr/bin/WebKitWebDriver >"$driver_log" 2>&1 &
driver=$!
# SIGTERM, never SIGKILL: a killed tauri-driver leaves WebKitWebDriver orphaned and holding the pipe.
trap 'kill -TERM $driver 2>/dev/null; wait $driver 2>/dev/null || true; kill -TERM $dunst_pid 2>/dev/null || true' EXIT

for _ in $(seq 1 50); do
  curl -fs http://127.0.0.1:4444/status >/dev/null 2>&1 && break
  sleep 0.2
done

status=0
node --test --test-concurrency=1 --test-reporter=spec tests/e2e/*.test.mjs || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- tauri-driver log ---"
  tail -n 80 "$driver_log"
fi
exit "$status"
