#!/usr/bin/env bash
# Usage: dbus-run-session -- bash .ci/with-keyring.sh bash .ci/with-dovecot.sh bash tests/perf/mail-sync.sh RELATA_BIN DATA_DIR [N]
# (DATA_DIR: a copy of a generated store; its people get 100 known senders and an account named bench).
# Inside with-keyring + with-dovecot: 10,000 messages into the sync user's INBOX, then an account on the 1M
# store and one `mail sync`, timed. Prints the timings.
set -euo pipefail
bin="$1"; data="$2"; n="${3:-10000}"
dir="$RELATA_TEST_MAILDIR/$RELATA_TEST_SYNC_USER/cur"
python3 - "$dir" "$n" <<'PY'
import sys, os, random
d, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
words = "offer meeting invoice quote follow up proposal contract renewal delivery thanks question price".split()
for i in range(n):
    body = " ".join(rnd.choice(words) for _ in range(rnd.randint(40, 400)))
    msg = (f"From: Klant {i} <klant{i}@example.nl>\r\nTo: Sales <sales@relata.example>\r\n"
           f"Subject: Re: {rnd.choice(words)} {i}\r\nDate: Tue, 01 Dec 2026 10:{i%60:02d}:00 +0100\r\n"
           f"Message-ID: <bench-{i}@example.nl>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           f"Hallo,\r\n\r\n{body}\r\n\r\nMet vriendelijke groet,\r\nKlant {i}\r\n")
    with open(os.path.join(d, f"{1700000000+i}.M{i}P1.bench:2,S"), "w") as f:
        f.write(msg)
PY
chmod -R a+rwX "$RELATA_TEST_MAILDIR"
uptime
echo "== open (migrations 19-22, encryption if plaintext)"; /usr/bin/time -f "%e s wall, %M KB max RSS" "$bin" --data-dir "$data" people list --limit 1 >/dev/null
# Make some senders known people, so their mail becomes activities (every 10th).
echo "== account add"
printf '%s' "$RELATA_TEST_MAIL_PASSWORD" | "$bin" --data-dir "$data" mail account add --name bench --address sales@relata.example \
  --user "$RELATA_TEST_SYNC_USER" --imap-host 127.0.0.1 --imap-port "$RELATA_TEST_IMAP_PORT" --smtp-host 127.0.0.1 \
  --smtp-port 2525 --security none >/dev/null
for i in $(seq 0 100 9900); do "$bin" --data-dir "$data" people add --first-name Klant --last-name "$i" --email "klant$i@example.nl" >/dev/null; done
echo "== mail sync of $n messages"; uptime
/usr/bin/time -f "%e s wall, %U s user, %M KB max RSS" "$bin" --data-dir "$data" mail sync --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps(d)[:600])'
