#!/usr/bin/python3
"""A real SMTP server for Relata's tests (Debian's python3-aiosmtpd), on loopback.

Three listeners: plain (AUTH allowed without TLS, for `security none`), STARTTLS (AUTH only after it) and
implicit TLS, all with the self-signed certificate given. AUTH PLAIN and LOGIN against one user.

Every accepted message is appended to a JSONL log (message_id, mail_from, rcpt_tos, port, tls, raw) and, when
RELATA_TEST_MAILDIR is set, delivered into $RELATA_TEST_MAILDIR/$RELATA_TEST_MAIL_USER/new (Maildir) so a
Dovecot on the same dir sees it.

Special recipients (local part): tempfail* gets 451, reject* gets 550, drop* makes the server drop the
connection at RCPT. `--exit-after N` makes the process exit right after it logged its N-th message, before it
answers (the server going away mid-batch with one message in flight).

Writes {"plain": P, "starttls": P, "tls": P, "pid": PID} to --ready when listening; runs until SIGTERM.
"""
import argparse
import json
import os
import signal
import socket
import ssl
import sys
import threading
import time
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Authenticator:
    def __init__(self, user, password):
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            self.user,
            self.password,
        )
        return AuthResult(success=ok, handled=False)


class Recorder:
    def __init__(self, log_path, maildir, exit_after):
        self.log_path, self.maildir, self.exit_after = log_path, maildir, exit_after
        self.lock = threading.Lock()
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("tempfail"):
            return "451 4.3.0 Mailbox busy, try again later"
        if local.startswith("reject"):
            return "550 5.1.1 No such user here"
        if local.startswith("drop"):
            server.transport.abort()
            return "421 4.4.2 Connection dropped"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or b""
        headers = BytesHeaderParser().parsebytes(raw)
        record = {
            "message_id": (headers.get("Message-ID") or "").strip(),
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "port": server.transport.get_extra_info("sockname")[1],
            "tls": server.transport.get_extra_info("ssl_object") is not None,
            "at": time.time(),
            "raw": raw.decode("utf-8", "replace"),
        }
        with self.lock:
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(record) + "\n")
                f.flush()
                os.fsync(f.fileno())
            if self.maildir:
                self.deliver(raw)
            self.count += 1
            if self.exit_after and self.count >= self.exit_after:
                # Gone before the answer: the client sees the connection drop with this message in flight.
                os._exit(0)
        return "250 2.0.0 Message accepted for delivery"

    def deliver(self, raw):
        box = self.maildir
        for sub in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(box, sub), exist_ok=True)
        name = "%d.%d_%d.relata-test" % (time.time(), os.getpid(), self.count)
        tmp, new = os.path.join(box, "tmp", name), os.path.join(box, "new", name)
        with open(tmp, "wb") as f:
            f.write(raw)
        os.chmod(tmp, 0o644)
        st = os.stat(box)
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except PermissionError:
            pass
        os.rename(tmp, new)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--ready", required=True)
    ap.add_argument("--user", default=os.environ.get("RELATA_TEST_SMTP_USER", "relata"))
    ap.add_argument("--password", default=os.environ.get("RELATA_TEST_SMTP_PASSWORD", "relata-pass"))
    ap.add_argument("--plain-port", type=int, default=0)
    ap.add_argument("--starttls-port", type=int, default=0)
    ap.add_argument("--tls-port", type=int, default=0)
    ap.add_argument("--exit-after", type=int, default=0)
    args = ap.parse_args()

    maildir = None
    if os.environ.get("RELATA_TEST_MAILDIR"):
        user = os.environ.get("RELATA_TEST_MAIL_USER", args.user)
        maildir = os.path.join(os.environ["RELATA_TEST_MAILDIR"], user)

    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(args.cert, args.key)
    handler = Recorder(args.log, maildir, args.exit_after)
    auth = Authenticator(args.user, args.password)
    common = dict(hostname="127.0.0.1", authenticator=auth, ready_timeout=10.0)
    ports = {
        "plain": args.plain_port or free_port(),
        "starttls": args.starttls_port or free_port(),
        "tls": args.tls_port or free_port(),
    }
    servers = [
        Controller(handler, port=ports["plain"], auth_require_tls=False, **common),
        Controller(handler, port=ports["starttls"], tls_context=ctx, require_starttls=True, **common),
        # aiosmtpd counts only STARTTLS as TLS for AUTH; this listener is TLS from the first byte.
        Controller(handler, port=ports["tls"], ssl_context=ctx, auth_require_tls=False, **common),
    ]
    for s in servers:
        s.start()
    tmp = args.ready + ".tmp"
    with open(tmp, "w") as f:
        json.dump(dict(ports, pid=os.getpid()), f)
    os.rename(tmp, args.ready)

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    done.wait()
    for s in servers:
        s.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
