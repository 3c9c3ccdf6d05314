#!/usr/bin/env bash
# Runs a command with a private, throwaway Dovecot IMAP server on loopback (Debian package dovecot-imapd; the
# package's own service is never used): a plain IMAP port and an implicit-TLS IMAPS port with a self-signed
# certificate made here by openssl, one passwd-file user and a Maildir under a temp dir. Dovecot is stopped
# and the temp dir removed when the command ends. Works as root (Dovecot's processes then run as the
# `dovecot`/`dovenull` users and the Maildir belongs to `dovecot`) and as a normal user (everything runs as
# that user). Exports for the command:
#   RELATA_TEST_IMAP_PORT, RELATA_TEST_IMAPS_PORT   plain IMAP and IMAPS on 127.0.0.1
#   RELATA_TEST_MAIL_USER, RELATA_TEST_MAIL_PASSWORD the account's login (the SMTP wrapper delivers to it)
#   RELATA_TEST_SYNC_USER                             a second user with the same password, whose mailbox
#                                                     only the IMAP sync tests touch (nothing is delivered to it)
#   RELATA_TEST_DESK_USER                             a third user with the same password: the support mailbox of
#                                                     the tickets e2e test, which alone delivers to it
#   RELATA_TEST_MAIL_CERT                             the server's certificate (PEM), CN and SAN localhost/127.0.0.1
#   RELATA_TEST_MAILDIR                               Maildir root: the user's mail is in $RELATA_TEST_MAILDIR/<user>
# Compose it with the other wrappers, e.g.
#   dbus-run-session -- bash .ci/with-keyring.sh bash .ci/with-dovecot.sh cargo test -p relata-core --test core mail
set -euo pipefail
if [ "$#" -eq 0 ]; then
  echo "usage: with-dovecot.sh COMMAND [ARGS...]" >&2
  exit 2
fi
dovecot_bin="$(command -v dovecot || echo /usr/sbin/dovecot)"
if [ ! -x "$dovecot_bin" ]; then
  echo "with-dovecot.sh: dovecot is not installed (apt-get install dovecot-imapd)" >&2
  exit 1
fi

base="$(mktemp -d -t relata-dovecot.XXXXXX)"
chmod 0755 "$base"
maildir="$base/mail"
user="relata"
sync_user="relata-sync"
desk_user="relata-desk"
password="pw-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
stop() {
  if [ -s "$base/run/master.pid" ]; then
    pid="$(cat "$base/run/master.pid")"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$base"
}
trap stop EXIT

# Two free loopback ports (the kernel picks them; Dovecot binds them a moment later).
read -r imap_port imaps_port < <(python3 - <<'PY'
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
for s in socks:
    s.close()
PY
)

openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$base/key.pem" -out "$base/cert.pem" >/dev/null 2>&1
chmod 0644 "$base/cert.pem"
chmod 0600 "$base/key.pem"
printf '%s:{PLAIN}%s\n' "$user" "$password" "$sync_user" "$password" "$desk_user" "$password" >"$base/passwd"
mkdir -p "$base/run" "$base/state"
for u in "$user" "$sync_user" "$desk_user"; do mkdir -p "$maildir/$u/new" "$maildir/$u/cur" "$maildir/$u/tmp"; done

if [ "$(id -u)" -eq 0 ]; then
  run_user="dovecot" run_group="dovecot" login_user="dovenull" first_uid=100
  chown -R dovecot:dovecot "$maildir"
  chmod 0644 "$base/passwd"
  chroot_line=""
else
  run_user="$(id -un)" run_group="$(id -gn)" login_user="$(id -un)" first_uid="$(id -u)"
  # An unprivileged master cannot chroot its login processes.
  chroot_line="chroot ="
fi
# Writers other than Dovecot (the SMTP wrapper delivering into new/) must be able to add files.
chmod -R a+rwX "$maildir"

cat >"$base/dovecot.conf" <<EOF
protocols = imap
listen = 127.0.0.1
base_dir = $base/run
state_dir = $base/state
log_path = $base/dovecot.log
instance_name = relata-test-$imap_port
default_internal_user = $run_user
default_internal_group = $run_group
default_login_user = $login_user
first_valid_uid = $first_uid
ssl = yes
ssl_cert = <$base/cert.pem
ssl_key = <$base/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$maildir/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $base/passwd
}
userdb {
  driver = static
  args = uid=$run_user gid=$run_group home=$maildir/%u
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \Sent
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \Drafts
    auto = subscribe
  }
}
service imap-login {
  $chroot_line
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $imaps_port
    ssl = yes
  }
}
service anvil {
  $chroot_line
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
EOF

if ! "$dovecot_bin" -c "$base/dovecot.conf" </dev/null; then
  echo "with-dovecot.sh: dovecot did not start" >&2
  cat "$base/dovecot.log" >&2 2>/dev/null || true
  exit 1
fi
# Ready when both ports accept connections.
for _ in $(seq 1 100); do
  if python3 -c "import socket,sys; [socket.create_connection(('127.0.0.1', p), 1).close() for p in map(int, sys.argv[1:])]" \
    "$imap_port" "$imaps_port" 2>/dev/null; then
    ready=1
    break
  fi
  sleep 0.1
done
if [ -z "${ready:-}" ]; then
  echo "with-dovecot.sh: dovecot did not listen on $imap_port/$imaps_port" >&2
  cat "$base/dovecot.log" >&2 2>/dev/null || true
  exit 1
fi

export RELATA_TEST_IMAP_PORT="$imap_port" RELATA_TEST_IMAPS_PORT="$imaps_port"
export RELATA_TEST_MAIL_USER="$user" RELATA_TEST_MAIL_PASSWORD="$password" RELATA_TEST_SYNC_USER="$sync_user"
export RELATA_TEST_DESK_USER="$desk_user"
export RELATA_TEST_MAIL_CERT="$base/cert.pem" RELATA_TEST_MAILDIR="$maildir"
status=0
"$@" || status=$?
if [ "$status" -ne 0 ] && [ -s "$base/dovecot.log" ]; then
  echo "with-dovecot.sh: the command failed; the last lines of Dovecot's log:" >&2
  tail -n 20 "$base/dovecot.log" >&2
fi
exit "$status"
