#!/usr/bin/env bash
# Runs a command with a real SMTP server on loopback (.ci/mail/smtp_server.py on Debian's python3-aiosmtpd):
# a plain port, a STARTTLS port and an implicit-TLS port with a throwaway self-signed certificate, AUTH PLAIN
# and LOGIN for one user, every accepted message recorded in a JSONL log (and delivered into
# $RELATA_TEST_MAILDIR/$RELATA_TEST_MAIL_USER/new when .ci/with-dovecot.sh set that). Recipients tempfail*@
# get 451, reject*@ get 550, drop*@ make the server drop the connection.
#
# Exports RELATA_TEST_SMTP_PORT, RELATA_TEST_SMTP_STARTTLS_PORT, RELATA_TEST_SMTPS_PORT, RELATA_TEST_SMTP_LOG,
# RELATA_TEST_SMTP_CERT (PEM), RELATA_TEST_SMTP_CERT_SHA256 (of the DER, lowercase hex), RELATA_TEST_SMTP_KEY,
# RELATA_TEST_SMTP_USER, RELATA_TEST_SMTP_PASSWORD, and RELATA_TEST_SMTP_SERVER (the server script, for tests
# that start a private instance they can stop mid-batch).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
py=/usr/bin/python3 # Debian's, which has python3-aiosmtpd (a pyenv python on PATH would not)
if ! "$py" -c 'import aiosmtpd' 2>/dev/null; then
  echo "with-smtp.sh: python3-aiosmtpd is missing (apt-get install python3-aiosmtpd)" >&2
  exit 1
fi

base="$(mktemp -d -t relata-smtp.XXXXXX)"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$base/key.pem" -out "$base/cert.pem" >/dev/null 2>&1
export RELATA_TEST_SMTP_CERT="$base/cert.pem" RELATA_TEST_SMTP_KEY="$base/key.pem"
RELATA_TEST_SMTP_CERT_SHA256="$(openssl x509 -in "$base/cert.pem" -outform der | sha256sum | cut -d' ' -f1)"
export RELATA_TEST_SMTP_CERT_SHA256
export RELATA_TEST_SMTP_USER="${RELATA_TEST_SMTP_USER:-relata}"
export RELATA_TEST_SMTP_PASSWORD="${RELATA_TEST_SMTP_PASSWORD:-relata-pass}"
export RELATA_TEST_SMTP_LOG="$base/received.jsonl" RELATA_TEST_SMTP_SERVER="$here/mail/smtp_server.py"
: >"$RELATA_TEST_SMTP_LOG"

"$py" "$RELATA_TEST_SMTP_SERVER" --cert "$RELATA_TEST_SMTP_CERT" --key "$RELATA_TEST_SMTP_KEY" \
  --log "$RELATA_TEST_SMTP_LOG" --ready "$base/ready.json" >"$base/server.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$base"' EXIT

for _ in $(seq 1 100); do
  [ -f "$base/ready.json" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
if [ ! -f "$base/ready.json" ]; then
  echo "with-smtp.sh: the SMTP server did not start" >&2
  cat "$base/server.log" >&2
  exit 1
fi
port() { "$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$base/ready.json" "$1"; }
RELATA_TEST_SMTP_PORT="$(port plain)"
RELATA_TEST_SMTP_STARTTLS_PORT="$(port starttls)"
RELATA_TEST_SMTPS_PORT="$(port tls)"
export RELATA_TEST_SMTP_PORT RELATA_TEST_SMTP_STARTTLS_PORT RELATA_TEST_SMTPS_PORT

status=0
"$@" || status=$?
exit "$status"
