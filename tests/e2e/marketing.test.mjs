// End to end for marketing (issue 16) in the real app, against the real Dovecot of .ci/with-dovecot.sh and
// the aiosmtpd of .ci/with-smtp.sh (one account logs in to both, as in mail.test.mjs): a segment is built in
// the editor and its live count checked; a campaign for the newsletter purpose gets the segment's members and
// an A/B test with two variants; the send lists the member without consent as skipped and queues the others;
// the SMTP server receives one message per consenting member with the variant's subject; one of them answers
// from her mail client (In-Reply-To the campaign message, delivered into the Maildir the app syncs), and the
// campaign report and the A/B table count the reply.
// The people, their consents, the two templates and the mail account are set up with the CLI beforehand.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { APP, cli, seeded, withApp } from "./app.mjs";
import { waitFor } from "./webdriver.mjs";

function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run under .ci/with-dovecot.sh and .ci/with-smtp.sh (see .ci/test.sh)`);
  return v;
}

/** What the SMTP server accepted for `rcpt`. */
function received(log, rcpt) {
  if (!existsSync(log)) return [];
  return readFileSync(log, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)).filter((r) => r.rcpt_tos.some((t) => t.toLowerCase() === rcpt));
}

/** Delivers a message into the Dovecot user's Maildir as an MTA does: written in tmp/, renamed into new/. */
function deliver(maildir, user, name, lines) {
  const file = `${Date.now()}.${name}.e2e`;
  writeFileSync(join(maildir, user, "tmp", file), lines.join("\r\n") + "\r\n", { mode: 0o644 });
  renameSync(join(maildir, user, "tmp", file), join(maildir, user, "new", file));
}

/** The number a report figure shows (its <dd>), read as an integer. */
async function figure(s, key) {
  return Number((await s.textOf(`[data-testid="figure-${key}"] dd`)).replace(/\D/g, ""));
}

test("a segment built in the editor feeds an A/B campaign; the send skips who did not consent, and a reply is counted", async () => {
  const user = env("RELATA_TEST_MAIL_USER");
  const password = env("RELATA_TEST_MAIL_PASSWORD");
  assert.equal(env("RELATA_TEST_SMTP_USER"), user, "the SMTP and IMAP users must be the same");
  const [imapPort, smtpPort, maildir, smtpLog] = ["RELATA_TEST_IMAP_PORT", "RELATA_TEST_SMTP_PORT", "RELATA_TEST_MAILDIR", "RELATA_TEST_SMTP_LOG"].map(env);

  const stamp = Date.now();
  const tag = `voorjaar${stamp}`;
  const names = [["Anna", "de Vries"], ["Bram", "Jansen"], ["Carla", "Visser"], ["Daan", "Smit"], ["Gijs", "Bos"], ["Eva", "Mulder"]];
  const address = (first) => `${first.toLowerCase()}.${stamp}@example.nl`;
  const { dir, out } = seeded(
    ...names.map(([first, last]) => ["people", "add", "--first-name", first, "--last-name", last, "--email", address(first), "--tag", tag]),
    ["people", "add", "--first-name", "Frank", "--last-name", "Buiten", "--email", `frank.${stamp}@example.nl`],
  );
  // Everyone but Eva agreed to the newsletter; Frank is not in the segment.
  for (const p of out.slice(0, 5)) cli(dir, "consent", "add", String(p.id), "--channel", "email", "--purpose", "newsletter", "--source", "web form");
  for (const [name, subject] of [["Spring offer A", "Our spring offer"], ["Spring offer B", "20% off this spring"]]) {
    const body = join(dir, `${name}.txt`);
    writeFileSync(body, `Hi {{ person.first_name }},\n\n${subject}: see what is new.\n`);
    cli(dir, "templates", "add", "--name", name, "--lang", "en", "--subject", subject, "--body-file", body);
  }
  const account = ["mail", "account", "add", "--name", "Sales", "--address", "sales@relata.test", "--display-name", "Relata Sales", "--user", user, "--imap-host", "127.0.0.1", "--imap-port", imapPort, "--smtp-host", "127.0.0.1", "--smtp-port", smtpPort, "--security", "none"];
  execFileSync(APP, ["--data-dir", dir, ...account], { input: `${password}\n`, encoding: "utf8" });

  await withApp(dir, async (s) => {
    // The segment: people with the tag, built in the editor; the live count follows the edit.
    await s.click('[data-testid="nav-segments"]');
    await s.click('[data-testid="new-segment"]');
    await s.find('[data-testid="segment-editor"]');
    await s.type('[data-testid="segment-name"]', "Spring list");
    await s.clickSettled('[data-testid="segment-add-condition"]');
    await s.selectOption('[data-testid="segment-condition"] [data-testid="segment-field"]', "tags");
    await s.selectOption('[data-testid="segment-condition"] [data-testid="segment-op"]', "contains");
    await s.type('[data-testid="segment-condition"] [data-testid="segment-value"]', tag);
    await s.waitForText('[data-testid="segment-live-count"]', "6", 20000);
    const preview = await s.textOf('[data-testid="segment-preview"]');
    assert.match(preview, /Anna de Vries/);
    assert.doesNotMatch(preview, /Frank/, "the untagged person is not in the preview");
    await s.clickSettled('[data-testid="segment-save"]');

    // The campaign, its members from the segment, and a two-variant test over all of them.
    await s.click('[data-testid="nav-campaigns"]');
    await s.click('[data-testid="new-campaign"]');
    await s.type('[data-testid="new-campaign-dialog"] input[name="name"]', "Spring 2027");
    await s.type('[data-testid="new-campaign-dialog"] input[name="purpose"]', "newsletter");
    await s.clickSettled('[data-testid="campaign-save"]');
    await s.find('[data-testid="campaign-page"]');
    await s.clickSettled('[data-testid="add-members"]');
    await s.find('[data-testid="add-members-dialog"] select[name="segment_id"] option');
    await s.clickSettled('[data-testid="add-members-confirm"]');
    await waitFor("six members", async () => (await figure(s, "members")) === 6, 20000);

    await s.clickSettled('[data-testid="ab-setup"]');
    await s.find('[data-testid="ab-setup-dialog"] select[name="variants.1.template"] option');
    await s.selectOption('[data-testid="ab-setup-dialog"] select[name="variants.1.template"]', "Spring offer B");
    await s.type('[data-testid="ab-setup-dialog"] input[name="test_percent"]', "100");
    await s.clickSettled('[data-testid="ab-setup-save"]');
    await s.find('[data-testid="ab-results"]', 20000);
    assert.equal((await s.findAll('[data-testid="ab-row"]')).length, 2);

    // Send the test portion: the check lists Eva (no consent) before anything goes out.
    await s.clickSettled('[data-testid="send-campaign"]');
    await s.find('[data-testid="send-dialog"] select[name="account_id"] option');
    await s.clickSettled('[data-testid="send-check"]');
    await s.waitForText('[data-testid="skip-row"]', "Eva Mulder");
    assert.equal((await s.findAll('[data-testid="skip-row"]')).length, 1);
    await s.clickSettled('[data-testid="send-confirm"]');
    // Six members split into two equal groups of three: all six are in the test, five can be mailed.
    await waitFor("five queued", async () => (await figure(s, "queued")) === 5, 20000);

    // The outbox delivers one message to each consenting member, none to Eva; each has a variant's subject.
    const consenting = names.slice(0, 5).map(([first]) => address(first));
    const mails = await waitFor("the campaign at the SMTP server", async () => {
      const got = consenting.map((a) => received(smtpLog, a));
      return got.every((g) => g.length === 1) ? got.map((g) => g[0]) : null;
    }, 90000);
    assert.deepEqual(received(smtpLog, address("Eva")), [], "nothing goes to a member without consent");
    const subjects = mails.map((m) => /^Subject: (.*)$/m.exec(m.raw)?.[1]);
    // Eva's group of three has two to mail, the other three.
    const perVariant = ["Our spring offer", "20% off this spring"].map((v) => subjects.filter((x) => x === v).length).sort();
    assert.deepEqual(perVariant, [2, 3], `the two variants' subjects: ${subjects}`);
    assert.match(mails[0].raw, /^List-Unsubscribe: /m, "a campaign message can be unsubscribed from");

    // Anna answers from her mail client; the app's IMAP sync sees it and the report counts it.
    const anna = mails[0];
    assert.ok(anna.message_id, "the campaign message has a Message-ID");
    deliver(maildir, user, `reply-${stamp}`, [
      `From: Anna de Vries <${address("Anna")}>`,
      "To: Relata Sales <sales@relata.test>",
      `Subject: Re: ${subjects[0]}`,
      `Message-ID: <reply-${stamp}@example.nl>`,
      `In-Reply-To: ${anna.message_id}`,
      `References: ${anna.message_id}`,
      `Date: ${new Date().toUTCString()}`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Sounds good, please send me a quote.",
    ]);
    await waitFor("the reply in the report", async () => (await figure(s, "replied")) === 1, 120000);
    await waitFor("the sent messages in the report", async () => (await figure(s, "sent")) === 5, 20000);
    await waitFor("the reply in the A/B table", async () => {
      const now = await s.exec(`return [...document.querySelectorAll('[data-testid="ab-row"]')].map((r) => Number(r.cells[2].innerText.replace(/\\D/g, "")));`);
      return now.reduce((a, b) => a + b, 0) === 1;
    }, 20000);
  });

  // The CLI reads the same report from the store.
  const campaign = cli(dir, "campaigns", "list", "--json").find((c) => c.name === "Spring 2027");
  const report = cli(dir, "campaigns", "report", String(campaign.id), "--json");
  assert.equal(report.replied, 1);
  assert.equal(report.members, 6);
});
