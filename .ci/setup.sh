#!/usr/bin/env bash
# Installs everything Relata needs to build, run and test on Debian/Ubuntu: system libraries, the Windows Rust
# target (for CI's Windows check), the UI's npm packages and tauri-driver. Safe to run again: it skips what is
# already there.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libsoup-3.0-dev librsvg2-dev libayatana-appindicator3-dev libxdo-dev libssl-dev
  libsecret-1-dev webkit2gtk-driver xvfb xauth dbus-x11 dunst libnotify-bin gnome-keyring imagemagick
  libsecret-tools xdotool desktop-file-utils
  dovecot-imapd python3-aiosmtpd openssl postgresql
  gcc-mingw-w64-x86-64
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> apt: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "==> Rust: installing the stable toolchain with rustup"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c rustfmt,clippy
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
rustup component add rustfmt clippy >/dev/null 2>&1 || true
# CI checks the Windows code paths with clippy for this target; SQLCipher's vendored C build needs MinGW's gcc
# (the apt package above). Nothing is linked, so no Windows SDK or WebView2 is needed.
rustup --quiet target add x86_64-pc-windows-gnu

if ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "Relata's UI needs Node.js 20 or newer (for example from NodeSource or nvm); found: $(node --version 2>/dev/null || echo none)" >&2
  exit 1
fi

echo "==> npm: UI packages"
# `npm ci`: exactly the locked versions, and it fails when package.json and the lock disagree. The lock lists
# every platform's optional native packages (the Tauri CLI's, rollup's, esbuild's), so this works on macOS
# and Windows as well. It reinstalls from npm's cache each time (a few seconds).
(cd ui && npm ci --no-audit --no-fund --loglevel=error)

# tauri-driver has no --version flag; cargo's install list says which one is there.
if ! cargo install --list | grep -q '^tauri-driver v2.1.0:'; then
  echo "==> cargo: tauri-driver 2.1.0"
  cargo install tauri-driver --version 2.1.0 --locked --quiet
fi
