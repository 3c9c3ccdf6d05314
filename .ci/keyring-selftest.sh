#!/usr/bin/env bash
# Checks that .ci/with-keyring.sh behaves on a Linux desktop as it does in CI: the command gets its own unlocked
# Secret Service, never the user's keyring, and the user's running gnome-keyring is left as it was.
#
# The desktop is faked, so that this is safe to run on a real one: a private D-Bus session in which a
# gnome-keyring is started the way a login starts it (PAM's `--daemonize --login` with the login password, then
# the session's `--start`), with its control socket in a temp stand-in for /run/user/UID and its keyrings in an
# exported XDG_DATA_HOME standing in for ~/.local/share. The script under test then runs in a nested
# dbus-run-session, as .ci/test.sh runs it.
#
# Usage: bash .ci/keyring-selftest.sh [SCRIPT]  (default .ci/with-keyring.sh; give it an older copy to see what
# it got wrong). Takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--on-fake-desktop" ]; then
  script="$(realpath "${1:-.ci/with-keyring.sh}")"
  # No display: a locked keyring's password prompt must fail here, not pop up on a developer's screen.
  exec env -u DISPLAY -u WAYLAND_DISPLAY -u GNOME_KEYRING_CONTROL \
    dbus-run-session -- bash "$0" --on-fake-desktop "$script"
fi
script="$2"

bus_owner_pid() {
  dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null | awk '{print $2}'
}

desktop="$(mktemp -d -t relata-fake-desktop.XXXXXX)"
export XDG_RUNTIME_DIR="$desktop/run-user" XDG_DATA_HOME="$desktop/local-share"
mkdir -m 0700 "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME"
desktop_pid=""
trap '[ -n "$desktop_pid" ] && kill -TERM "$desktop_pid" 2>/dev/null; rm -rf "$desktop"' EXIT

printf %s desktop-password | gnome-keyring-daemon --daemonize --login >/dev/null
gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1
for _ in $(seq 1 50); do
  desktop_pid="$(bus_owner_pid)" || true
  [ -n "$desktop_pid" ] && break
  sleep 0.1
done
[ -n "$desktop_pid" ] || { echo "keyring-selftest: the fake desktop's gnome-keyring did not start" >&2; exit 1; }
printf %s desktop-secret | timeout 10 secret-tool store --label=desktop relata-selftest desktop
control="$XDG_RUNTIME_DIR/keyring/control"
control_before="$(stat -c %i "$control")"
keyrings_before="$(ls "$XDG_DATA_HOME/keyrings")"

# The script under test, nested as in .ci/test.sh. Each probe prints one word, so a failure reads plainly.
inner="$(timeout 60 dbus-run-session -- bash "$script" bash -c '
  if printf %s inner-secret | timeout 10 secret-tool store --label=inner relata-selftest inner 2>/dev/null &&
     [ "$(timeout 10 secret-tool lookup relata-selftest inner 2>/dev/null)" = inner-secret ]; then
    echo own-keyring-works
  fi
  [ -n "$(timeout 10 secret-tool lookup relata-selftest desktop 2>/dev/null)" ] && echo desktop-keyring-visible
  true' 2>&1)" || true

failures=()
grep -qx own-keyring-works <<<"$inner" || failures+=("the command had no working Secret Service of its own")
grep -qx desktop-keyring-visible <<<"$inner" && failures+=("the command could read the desktop's keyring")
if [ ! -S "$control" ] || [ "$(stat -c %i "$control")" != "$control_before" ]; then
  failures+=("the desktop daemon's control socket ($control) was replaced or removed")
fi
[ "$(ls "$XDG_DATA_HOME/keyrings")" = "$keyrings_before" ] ||
  failures+=("files in the desktop's keyrings dir changed: $(ls "$XDG_DATA_HOME/keyrings" | tr '\n' ' ')")
[ "$(bus_owner_pid)" = "$desktop_pid" ] || failures+=("the desktop's daemon no longer owns its Secret Service")
[ "$(timeout 10 secret-tool lookup relata-selftest desktop 2>/dev/null)" = desktop-secret ] ||
  failures+=("the desktop's own secret is no longer readable")

if [ "${#failures[@]}" -gt 0 ]; then
  echo "keyring-selftest: $script on a desktop with a running gnome-keyring:" >&2
  printf '  - %s\n' "${failures[@]}" >&2
  echo "  (output of the nested run: $(tr '\n' ' ' <<<"$inner"))" >&2
  exit 1
fi
echo "keyring-selftest: ok ($script keeps to its own keyring next to a running desktop keyring)"
