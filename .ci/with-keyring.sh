#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service: a throwaway gnome-keyring on the current D-Bus session
# (start it inside `dbus-run-session`). Relata keeps its database key there, so the CLI tests and the e2e app
# run encrypted with the real keyring. The keyring's files go to a temp XDG_DATA_HOME, never to $HOME.
set -euo pipefail
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "with-keyring.sh: no D-Bus session; run it inside dbus-run-session" >&2
  exit 1
fi
export XDG_DATA_HOME="${XDG_DATA_HOME:-$(mktemp -d)}"
# --unlock reads the new keyring's password from stdin; without it every access fails with NoStorageAccess.
eval "$(printf %s relata-ci | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
export RELATA_TEST_KEYRING=1
exec "$@"
