#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service: a throwaway gnome-keyring on the current D-Bus session
# (start it inside `dbus-run-session`). Relata keeps its database key there, so the CLI tests and the e2e app
# run encrypted with the real keyring. The keyring's files go to a temp XDG_DATA_HOME, never to $HOME.
#
# It must behave the same on a Linux desktop, where the user's gnome-keyring already runs. That daemon keeps its
# control socket in $XDG_RUNTIME_DIR/keyring and its keyrings in $XDG_DATA_HOME/keyrings, and the private bus's
# D-Bus activation of the Secret Service starts `gnome-keyring-daemon --start`, which looks for a running daemon
# there. So the throwaway daemon gets its own runtime dir, control dir and data dir, and the command starts only
# once that daemon owns the Secret Service name. .ci/keyring-selftest.sh checks all this against a fake desktop.
set -euo pipefail
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "with-keyring.sh: no D-Bus session; run it inside dbus-run-session" >&2
  exit 1
fi

bus_call() { dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus "$@"; }
# A Secret Service already on this bus means this is a desktop's own session bus, not a private one: the
# throwaway daemon could not take the name, and the command would use the user's real keyring.
if [ "$(bus_call org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | tr -d ' ')" = "booleantrue" ]; then
  echo "with-keyring.sh: this D-Bus session already has a Secret Service; run it inside dbus-run-session" >&2
  exit 1
fi

base="$(mktemp -d -t relata-keyring.XXXXXX)" # mode 0700, as XDG_RUNTIME_DIR must be
export XDG_RUNTIME_DIR="$base/runtime" XDG_DATA_HOME="$base/data"
mkdir -m 0700 "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME"
export GNOME_KEYRING_CONTROL="$XDG_RUNTIME_DIR/keyring"
# Should anything on this private bus be D-Bus-activated, it too sees only the throwaway dirs.
dbus-update-activation-environment XDG_RUNTIME_DIR XDG_DATA_HOME GNOME_KEYRING_CONTROL

# --unlock reads the new keyring's password from stdin; without it every access fails with NoStorageAccess.
# --foreground keeps the daemon our child, so it is stopped (and its dirs removed) when the command ends.
gnome-keyring-daemon --foreground --unlock --components=secrets --control-directory="$GNOME_KEYRING_CONTROL" \
  < <(printf %s relata-ci) >"$base/daemon.log" 2>&1 &
daemon=$!
trap 'kill -TERM $daemon 2>/dev/null; wait $daemon 2>/dev/null || true; rm -rf "$base"' EXIT

# The daemon claims the Secret Service a moment after it starts. A request before that would D-Bus-activate a
# second gnome-keyring instead, so wait until the name belongs to this daemon.
owner=""
for _ in $(seq 1 100); do
  kill -0 "$daemon" 2>/dev/null || break
  owner="$(bus_call org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null |
    awk '{print $2}')" || true
  [ -n "$owner" ] && break
  sleep 0.1
done
if [ "$owner" != "$daemon" ]; then
  echo "with-keyring.sh: the throwaway gnome-keyring did not provide the Secret Service (owner: ${owner:-none})" >&2
  cat "$base/daemon.log" >&2
  exit 1
fi

export RELATA_TEST_KEYRING=1
status=0
"$@" || status=$?
exit "$status"
