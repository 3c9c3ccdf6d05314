// End to end for email in the real app, against the real Dovecot and aiosmtpd of .ci/with-dovecot.sh and
// .ci/with-smtp.sh (run with RELATA_TEST_SMTP_PASSWORD set to the Dovecot password, so one account logs in
// to both): set up an account in Settings, pin both self-signed certificates with "Trust this certificate",
// receive a message from a known person through the Maildir and IMAP sync, see it on the timeline, reply
// to it with a Danish template, and find the reply (In-Reply-To her message) in the SMTP server's log.
// With E2E_SHOTS_DIR set, the mail screens are photographed in all four languages.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, seeded, withApp } from "./app.mjs";
import { waitFor } from "./webdriver.mjs";

const SHOTS = process.env.E2E_SHOTS_DIR;

function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run under .ci/with-dovecot.sh and .ci/with-smtp.sh (see this file's header)`);
  return v;
}

const FORM = '[data-testid="mail-account-form"]';
const COMPOSE = '[data-testid="compose-mail"]';

/** Delivers a message into the Dovecot user's Maildir the way an MTA does (a file in new/). */
function deliver(maildir, user, id, raw) {
  writeFileSync(join(maildir, user, "new", `${Date.now()}.${id}.e2e`), raw.replace(/\n/g, "\r\n"));
}

function received(log, rcpt) {
  if (!existsSync(log)) return [];
  return readFileSync(log, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)).filter((r) => r.rcpt_tos.some((t) => t.toLowerCase() === rcpt));
}

test("an account set up in the UI syncs a person's mail onto the timeline and sends a Danish template reply", async () => {
  const user = env("RELATA_TEST_MAIL_USER");
  const password = env("RELATA_TEST_MAIL_PASSWORD");
  assert.equal(env("RELATA_TEST_SMTP_PASSWORD"), password, "run .ci/with-smtp.sh with RELATA_TEST_SMTP_PASSWORD=$RELATA_TEST_MAIL_PASSWORD");
  assert.equal(env("RELATA_TEST_SMTP_USER"), user, "the SMTP and IMAP users must be the same");
  const [imapsPort, smtpsPort, maildir, smtpLog] = ["RELATA_TEST_IMAPS_PORT", "RELATA_TEST_SMTPS_PORT", "RELATA_TEST_MAILDIR", "RELATA_TEST_SMTP_LOG"].map(env);

  const { dir, out } = seeded(["people", "add", "--first-name", "Mette", "--last-name", "Holm", "--email", "reject-old@example.dk", "--email", "mette@example.dk", "--company", "Holm ApS"]);
  const person = out[0];
  const enBody = join(dir, "en.txt");
  const daBody = join(dir, "da.txt");
  writeFileSync(enBody, "Hi {{ person.first_name }},\n\nthanks for your message. We will get back to you tomorrow.\n");
  writeFileSync(daBody, "Hej {{ person.first_name }},\n\ntak for din besked. Vi vender tilbage i morgen.\n");
  cli(dir, "templates", "add", "--name", "Thanks", "--lang", "en", "--subject", "Thanks, {{ person.first_name }}", "--body-file", enBody);
  const tpl = cli(dir, "templates", "add", "--name", "Thanks", "--lang", "da", "--subject", "Tak for din henvendelse, {{ person.first_name }}", "--body-file", daBody);

  const stamp = Date.now();
  const subject = `Spørgsmål om tilbuddet ${stamp}`;
  deliver(maildir, user, stamp, [
    "From: Mette Holm <mette@example.dk>",
    "To: Relata Sales <sales@relata.test>",
    `Subject: =?utf-8?q?${encodeURIComponent(subject).replace(/%/g, "=")}?=`,
    `Message-ID: <e2e-${stamp}@example.dk>`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Hej,",
    "",
    "kan I levere 40 kasser i uge 12? <b>Det haster</b>.",
    "",
    "Mvh Mette",
    "",
  ].join("\n"));

  await withApp(dir, async (s) => {
    // Settings → Email accounts → Add account.
    await s.click('[data-testid="nav-settings"]');
    await s.click('[data-testid="mail-account-add"]');
    await s.find(FORM);
    const fields = { name: "Work", display_name: "Relata Sales", address: "sales@relata.test", username: user, password, imap_host: "127.0.0.1", smtp_host: "127.0.0.1" };
    for (const [k, v] of Object.entries(fields)) await s.type(`${FORM} [name="${k}"]`, v);
    await s.selectOption(`${FORM} [name="security"]`, "starttls");
    assert.equal(await s.exec(`return document.querySelector('${FORM} [name="smtp_port"]').value;`), "587", "ports follow the security mode");
    await s.selectOption(`${FORM} [name="security"]`, "tls");
    assert.equal(await s.exec(`return document.querySelector('${FORM} [name="imap_port"]').value;`), "993");
    await s.type(`${FORM} [name="imap_port"]`, imapsPort);
    await s.type(`${FORM} [name="smtp_port"]`, smtpsPort);
    await s.click('[data-testid="signature-tab-da"]');
    await s.type(`${FORM} [name="signature.da"]`, "Venlig hilsen\nRelata Sales");
    await s.click('[data-testid="mail-account-save"]');
    await waitFor("the form to close", async () => (await s.findAll(FORM)).length === 0);

    // The test after saving refuses both self-signed certificates and names the step; trust them one by one.
    await s.find('[data-testid="mail-test-imap"][data-step="certificate"]', 30000);
    await s.find('[data-testid="mail-test-smtp"][data-step="certificate"]', 30000);
    const smtpFp = await s.textOf('[data-testid="mail-fingerprint-smtp"]');
    assert.ok(smtpFp.replace(/[^0-9A-F]/g, "").toLowerCase().includes(env("RELATA_TEST_SMTP_CERT_SHA256")), "the SMTP certificate's fingerprint is shown");
    if (SHOTS) await s.screenshot(join(SHOTS, "mail-settings-certificate-en.png"));
    await s.exec(`document.querySelector('[data-testid="mail-trust-imap"]').scrollIntoView({ block: "center" });`);
    await s.click('[data-testid="mail-trust-imap"]');
    await s.find('[data-testid="mail-test-imap"][data-ok="true"]', 30000);
    // In the middle of the screen: a toast at the bottom right must not take the click.
    await s.exec(`document.querySelector('[data-testid="mail-trust-smtp"]').scrollIntoView({ block: "center" });`);
    await s.click('[data-testid="mail-trust-smtp"]');
    await s.find('[data-testid="mail-test-smtp"][data-ok="true"]', 30000);
    await s.find('[data-testid="mail-test-imap"][data-ok="true"]', 30000);

    // Sync now, then the message is on Mette's timeline as a received email, its markup as text.
    await s.exec(`document.querySelector('[data-testid="mail-sync-now"]').scrollIntoView({ block: "center" });`);
    await s.click('[data-testid="mail-sync-now"]');
    await s.click('[data-testid="nav-people"]');
    await s.click('[data-testid="person-row"]');
    await s.waitForText('[data-testid="record-title"]', "Mette Holm");
    await s.waitForText('[data-testid="timeline-item"][data-kind="email"][data-direction="inbound"]', subject, 90000);
    const item = await s.textOf('[data-testid="timeline-item"][data-kind="email"]');
    assert.match(item, /Received/);
    assert.match(item, /<b>Det haster<\/b>/, "the body is shown as text");
    assert.equal(await s.exec("return document.querySelectorAll('.timeline b').length;"), 0);

    // Mette writes Danish: her language picks the template's Danish text.
    await s.press("e");
    await s.type('input[name="language"]', "da");
    // Enter submits (a toast may sit over the dialog's Save button at the bottom right).
    await s.press("Enter");
    await waitFor("the person form to close", async () => (await s.findAll('[data-testid="form-save"]')).length === 0);

    // M opens the compose dialog for a new message (Esc closes it, the draft stays).
    await s.press("m");
    await s.find(COMPOSE);
    await s.press("Escape");
    await waitFor("the dialog to close", async () => (await s.findAll(COMPOSE)).length === 0);

    // Reply to her message: the template is rendered for her, in Danish, as text; the subject stays "Re: ...".
    await s.click('[data-testid="timeline-item"][data-direction="inbound"] [data-testid="mail-reply"]');
    await s.find(COMPOSE);
    await waitFor("the Re: subject", async () => (await s.exec(`return document.querySelector('${COMPOSE} [name="subject"]').value;`)) === `Re: ${subject}`);
    await waitFor("the template list", async () => s.exec(`return document.querySelectorAll('${COMPOSE} [name="template"] option').length > 1;`));
    await s.selectOption(`${COMPOSE} [name="template"]`, String(tpl.id));
    await waitFor("the Danish text", async () => /^Hej Mette,\n\ntak for din besked/.test(await s.exec(`return document.querySelector('${COMPOSE} [name="body"]').value;`)));
    await s.waitForText('[data-testid="compose-template-lang"]', "Danish");
    // The reply goes where her message came from, not to the first address on her record (the old one).
    assert.equal(await s.exec(`return document.querySelector('${COMPOSE} [name="to"]').value;`), "mette@example.dk");
    if (SHOTS) await s.screenshot(join(SHOTS, "mail-reply-en.png"));
    await s.click('[data-testid="compose-send"]');
    await waitFor("the dialog to close", async () => (await s.findAll(COMPOSE)).length === 0);

    // The sender job delivers it; the person's outbox says sent.
    await s.find('[data-testid="outbox-row"][data-status="sent"]', 90000);
    const sent = await waitFor("the reply at the SMTP server", async () => received(smtpLog, "mette@example.dk")[0], 30000);
    assert.match(sent.raw, new RegExp(`In-Reply-To: <e2e-${stamp}@example\\.dk>`), "it answers her message");
    assert.match(sent.raw, /tak for din besked/);
    assert.match(sent.raw, /Venlig hilsen/, "the Danish signature is appended");
    assert.equal(sent.tls, true, "sent over implicit TLS");

    // The server delivered the reply into the mailbox; the next sync links it to the sent activity, and the
    // timeline groups it with her message as one thread.
    await s.click('[data-testid="nav-settings"]');
    // The account's status: the last successful sync, and no error.
    await s.waitForText('[data-testid="mail-last-sync"]', "last synced", 30000);
    assert.equal((await s.findAll('[data-testid="mail-sync-error"]')).length, 0);
    await s.click('[data-testid="mail-sync-now"]');
    await s.click('[data-testid="nav-people"]');
    await s.click('[data-testid="person-row"]');
    await s.find('[data-testid="mail-thread-toggle"]', 90000);
    assert.match(await s.textOf('[data-testid="timeline-item"][data-kind="email"]'), /1 earlier message in this thread/);
    await s.click('[data-testid="mail-thread-toggle"]');
    await s.waitForText('.mail-thread [data-testid="timeline-item"]', subject);
    if (SHOTS) await s.screenshot(join(SHOTS, "mail-thread-en.png"));

    // A message to an address the server refuses (550) fails for good, with the server's words on the page.
    await s.press("m");
    await s.find(COMPOSE);
    await s.selectOption(`${COMPOSE} [name="to"]`, "reject-old@example.dk");
    await s.type(`${COMPOSE} [name="subject"]`, "Old address");
    await s.type(`${COMPOSE} [name="body"]`, "Still there?");
    // Ctrl+Enter sends (toasts can sit over the Send button at the bottom right).
    await s.press("Control", "Enter");
    await s.find('[data-testid="outbox-row"][data-status="failed"]', 90000);
    assert.match(await s.textOf('[data-testid="outbox-row"][data-status="failed"] [data-testid="outbox-error"]'), /550/);

    if (SHOTS) await photograph(s, subject);
  }, "mail-person");

  // Exactly once at the server, and both pins were stored as the SHA-256 of the certificates.
  assert.equal(received(smtpLog, "mette@example.dk").length, 1);
  const [account] = cli(dir, "mail", "account", "list", "--json");
  assert.equal(account.smtp_cert_pin, env("RELATA_TEST_SMTP_CERT_SHA256"));
  assert.ok(account.imap_cert_pin && account.imap_cert_pin.length === 64);
});

/** Every mail screen in en, nl, de and da (light, 1280×800), plus dark and 1024×640 in Danish. */
async function photograph(s, subject) {
  const shot = (name) => s.screenshot(join(SHOTS, `${name}.png`));
  const scrollTo = (css) => s.exec(`document.querySelector('${css}')?.scrollIntoView({ block: "start" });`);
  const settings = async (lang) => {
    await s.click('[data-testid="nav-settings"]');
    await s.selectOption('[data-testid="language-select"]', lang);
    await s.find('[data-testid="mail-accounts"]');
  };
  for (const lang of ["en", "nl", "de", "da", "da-dark", "da-small"]) {
    const base = lang.slice(0, 2);
    if (lang === "da-small") await s.setWindowSize(1024, 640);
    await settings(base);
    if (lang === "da-dark") await s.selectOption('[data-testid="theme-select"]', "dark");
    await scrollTo('[data-testid="mail-accounts"]');
    await s.click('[data-testid="mail-test"]');
    await s.find('[data-testid="mail-test-smtp"][data-ok="true"]', 30000);
    await shot(`mail-settings-${lang}`);
    await s.click('[data-testid="mail-account-edit"]');
    await s.find(FORM);
    await s.click('[data-testid="signature-tab-da"]');
    await shot(`mail-account-form-${lang}`);
    await s.press("Escape");
    await s.click('[data-testid="nav-people"]');
    await s.find('[data-testid="people-page"]');
    await s.waitForText('[data-testid="person-row"]', "Mette Holm", 20000);
    await s.click('[data-testid="person-row"]');
    await s.waitForText('[data-testid="record-title"]', "Mette Holm");
    await s.waitForText('[data-testid="timeline-item"]', subject, 20000);
    await s.find('[data-testid="outbox-row"]');
    await shot(`mail-person-${lang}`);
    await scrollTo('[data-testid="person-outbox"]');
    await shot(`mail-person-outbox-${lang}`);
    await s.press("m");
    await s.find(COMPOSE);
    await waitFor("the template list", async () => s.exec(`return document.querySelectorAll('${COMPOSE} [name="template"] option').length > 1;`));
    await s.selectOption(`${COMPOSE} [name="template"]`, await s.exec(`return document.querySelectorAll('${COMPOSE} [name="template"] option')[1].value;`));
    await s.find('[data-testid="compose-template-lang"]');
    await shot(`mail-compose-${lang}`);
    await s.click('[data-testid="compose-discard"]');
    await s.press("Escape");
    if (lang === "da-dark") {
      await s.click('[data-testid="nav-settings"]');
      await s.selectOption('[data-testid="theme-select"]', "light");
    }
  }
  await s.setWindowSize(1280, 800);
}
