#!/usr/bin/env bash
# The whole test suite, as README documents it and CI runs it. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

bash .ci/setup.sh

# Each step shows the time since the start, so a slow step stands out in the CI log.
step() { echo; echo "==> [$((SECONDS / 60))m$((SECONDS % 60))s] $*"; }

step "Rust format"
cargo fmt --all -- --check

step "Rust lint (clippy, warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Windows target: clippy for x86_64-pc-windows-gnu (checks the Windows-only code; macOS cannot be checked here)"
cargo clippy --target x86_64-pc-windows-gnu --workspace --all-targets --locked -- -D warnings

step "UI typecheck, translations, unit tests"
(cd ui && npm run --silent typecheck && npm run --silent i18n:check && npm test --silent)

step "Throwaway keyring self-test (isolated from a desktop's running gnome-keyring)"
bash .ci/keyring-selftest.sh

step "Rust tests (core, IPC through the mock runtime, bindings freshness; real keyring, mail servers, PostgreSQL)"
# The CLI keeps its database key in the OS keyring, so the tests run with a real, throwaway gnome-keyring.
# Mail tests need a real Dovecot (IMAP) and SMTP server, team sync tests a real PostgreSQL: throwaway servers
# on loopback, which the tests fail without (they never skip).
dbus-run-session -- bash .ci/with-keyring.sh bash .ci/with-dovecot.sh bash .ci/with-smtp.sh bash .ci/with-postgres.sh \
  cargo test --workspace --locked
if git rev-parse --git-dir >/dev/null 2>&1; then
  git diff --exit-code -- ui/src/bindings.ts || { echo "ui/src/bindings.ts is stale: commit the regenerated file" >&2; exit 1; }
fi

step "Fuzz the import's CSV and vCard readers (short run; fuzz/run.sh SECONDS for a longer one)"
bash fuzz/run.sh 30

step "Build the real app with embedded assets, and its .deb"
# Only the .deb on Linux: the AppImage bundler downloads its tools from GitHub at build time. The config keeps
# the other targets (AppImage, MSI, NSIS, dmg, app) for the machines that build them.
ui/node_modules/.bin/tauri build --debug --bundles deb

step "The headless relata-bench (the scale test's dataset generator)"
cargo build --locked -p relata-cli --features bench --bin relata-bench

step "End to end in the real app (Xvfb, private D-Bus, tauri-driver + WebKitWebDriver)"
# The mail test needs the real Dovecot and SMTP server; one account logs in to both, so the SMTP server takes
# Dovecot's password.
xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- bash .ci/with-dovecot.sh \
  bash -c 'RELATA_TEST_SMTP_PASSWORD="$RELATA_TEST_MAIL_PASSWORD" exec bash .ci/with-smtp.sh bash tests/e2e/run.sh'

step "Installer: apt-get install the .deb, check its desktop entry and icons, use the installed CLI and app, remove it"
xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- bash .ci/installer-test.sh

echo; echo "==> [$((SECONDS / 60))m$((SECONDS % 60))s] all passed"
