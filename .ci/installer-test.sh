#!/usr/bin/env bash
# Installs the Linux .deb the way a user would (apt-get), checks what it puts on the system, uses the installed
# CLI and the installed app, and removes the package again. Call it inside a display and a session bus, like the
# e2e tests:
#   xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- bash .ci/installer-test.sh [PATH.deb]
# Without an argument it takes the .deb that `tauri build --debug --bundles deb` left under
# $CARGO_TARGET_DIR (default target)/debug/bundle/deb/, building it first if there is none.
# Needs root or sudo, and must not run where Relata is installed for real: it removes the package at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# The installed CLI keeps its database key in the OS keyring, and the app started below must find the key the
# CLI made: both run inside one throwaway keyring.
if [ "${RELATA_TEST_KEYRING:-}" != "1" ]; then
  exec bash .ci/with-keyring.sh bash .ci/installer-test.sh "$@"
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
fail() { echo "installer-test: $*" >&2; exit 1; }
step() { echo "--- $*"; }

target_dir="${CARGO_TARGET_DIR:-target}"
conf_version="$(node -p 'require("./tauri.conf.json").version')"
deb="${1:-}"
if [ -z "$deb" ]; then
  # The bundler names it Relata_<version>_<arch>.deb; older versions' packages may lie next to it.
  shopt -s nullglob
  debs=("$target_dir"/debug/bundle/deb/*_"$conf_version"_*.deb)
  if [ "${#debs[@]}" -eq 0 ]; then
    ui/node_modules/.bin/tauri build --debug --bundles deb
    debs=("$target_dir"/debug/bundle/deb/*_"$conf_version"_*.deb)
  fi
  [ "${#debs[@]}" -eq 1 ] || fail "expected one $conf_version .deb under $target_dir/debug/bundle/deb/, found ${#debs[@]}"
  deb="${debs[0]}"
fi
deb="$(realpath "$deb")"
package="$(dpkg-deb -f "$deb" Package)"
version="$(dpkg-deb -f "$deb" Version)"
[ "$package" = relata ] || fail "$deb is package '$package', expected relata"
[ "$version" = "$conf_version" ] || fail "$deb is version $version, tauri.conf.json says $conf_version"

if dpkg-query -W -f='${Status}' relata 2>/dev/null | grep -q "install ok installed"; then
  fail "relata is already installed here; this test would replace it and then remove it"
fi
installed=0
remove() { DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq relata >/dev/null; }
# A failed check must not leave the test's package behind on the machine.
trap '[ "$installed" = 1 ] && remove' EXIT

step "apt-get install $deb"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$deb" >/dev/null
installed=1
[ "$(command -v relata)" = /usr/bin/relata ] || fail "relata is not on PATH as /usr/bin/relata"
[ "$(relata --version)" = "relata $version" ] || fail "relata --version printed '$(relata --version)', expected 'relata $version'"

step "desktop entry and icons"
desktop_files=()
while IFS= read -r f; do desktop_files+=("$f"); done < <(dpkg -L relata | grep '^/usr/share/applications/.*\.desktop$')
[ "${#desktop_files[@]}" -eq 1 ] || fail "expected one desktop entry, found: ${desktop_files[*]:-none}"
entry="${desktop_files[0]}"
grep -qx 'Name=Relata' "$entry" || fail "$entry: no Name=Relata"
grep -qx 'Exec=relata' "$entry" || fail "$entry: no Exec=relata"
grep -q '^Categories=\(.*;\)\?Office;' "$entry" || fail "$entry: Categories lacks Office"
grep -qx 'Icon=relata' "$entry" || fail "$entry: no Icon=relata"
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$entry"; fi
# Each icon must be where its size says: an icon theme trusts the directory, not the file.
for size in 32 64 128 256 512; do
  icon="/usr/share/icons/hicolor/${size}x${size}/apps/relata.png"
  [ -f "$icon" ] || fail "missing $icon"
  [ "$(identify -format '%wx%h' "$icon")" = "${size}x${size}" ] || fail "$icon is $(identify -format '%wx%h' "$icon")"
done
stray="$(dpkg -L relata | grep '^/usr/share/icons/.*\.png$' | grep -v '/hicolor/[0-9]*x[0-9]*/apps/relata.png$' || true)"
[ -z "$stray" ] || fail "icons outside the plain hicolor size dirs: $stray"

step "CLI round trip on a temp store"
data="$(mktemp -d)"
relata --data-dir "$data" people add --first-name Ann --last-name Test --email ann@example.nl >/dev/null
listed="$(relata --data-dir "$data" people list --json)"
node -e 'const p = JSON.parse(process.argv[1]);
  process.exit(p.some((x) => x.first_name === "Ann" && x.email === "ann@example.nl") ? 0 : 1)' "$listed" ||
  fail "people list --json lacks Ann: $listed"

step "the installed app under tauri-driver, on that store"
shots="$(realpath -m "$target_dir/installer-test")"
mkdir -p "$shots"
RELATA_APP=/usr/bin/relata INSTALLED_DATA_DIR="$data" INSTALLED_SHOTS_DIR="$shots" \
  bash tests/e2e/run.sh tests/e2e/installed-app.mjs
echo "screenshots of the installed app: $shots/screen.png (the X screen), window.png, webdriver.png"

step "apt-get remove relata"
remove
installed=0
[ ! -e /usr/bin/relata ] || fail "/usr/bin/relata is still there after removal"
[ ! -e "$entry" ] || fail "$entry is still there after removal"
hash -r # bash remembers where it found relata
! command -v relata >/dev/null || fail "relata is still on PATH after removal"
rm -rf "$data"
echo "installer-test: ok ($package $version installed, used and removed)"
