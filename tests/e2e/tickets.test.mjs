// End to end for the service desk (issue 15) in the real app, against the real Dovecot of .ci/with-dovecot.sh
// and a private aiosmtpd (.ci/mail/smtp_server.py) for the support mailbox's own user, so no other test's mail
// is in it: a customer's email to the support mailbox becomes ticket T-000001, the agent replies from the
// ticket pane by email (the SMTP server receives it, [T-000001] in the subject, threaded on her message) and
// sets it to waiting for the customer; her answer (In-Reply-To the agent's reply, as her mail client sends
// it) reopens it; the SLA clocks show the first response met and the Support page counts the ticket.
// The account (the CLI's `mail account add` and `mail account support`; the Settings form is mail.test.mjs's)
// and the SLA calendar and policy are set up on the store before the app starts.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { APP, cli, seeded, withApp } from "./app.mjs";
import { waitFor } from "./webdriver.mjs";

function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run under .ci/with-dovecot.sh and .ci/with-smtp.sh (see .ci/test.sh)`);
  return v;
}

const SHOTS = process.env.E2E_SHOTS_DIR;
const PANE = '[data-testid="ticket-pane"]';

/** Delivers a message into the Dovecot user's Maildir the way an MTA does: written in tmp/, then renamed
 * into new/, so Dovecot (woken by the new file while the app IDLEs) never reads half a message. */
function deliver(maildir, user, name, lines) {
  const file = `${Date.now()}.${name}.e2e`;
  writeFileSync(join(maildir, user, "tmp", file), lines.join("\r\n") + "\r\n", { mode: 0o644 });
  renameSync(join(maildir, user, "tmp", file), join(maildir, user, "new", file));
}

function received(log) {
  if (!existsSync(log)) return [];
  return readFileSync(log, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

/** A private SMTP server that takes the support user's login and records what it accepts (it delivers
 * nowhere). Resolves to its plain port, log path and a stop function (SIGTERM, awaited). */
async function privateSmtp(dir, user, password) {
  const log = join(dir, "smtp.jsonl");
  const ready = join(dir, "smtp-ready.json");
  const childEnv = { ...process.env };
  delete childEnv.RELATA_TEST_MAILDIR;
  const args = [env("RELATA_TEST_SMTP_SERVER"), "--cert", env("RELATA_TEST_SMTP_CERT"), "--key", env("RELATA_TEST_SMTP_KEY"), "--log", log, "--ready", ready, "--user", user, "--password", password];
  const child = spawn("/usr/bin/python3", args, { env: childEnv, stdio: "ignore" });
  const exited = new Promise((r) => child.once("exit", r));
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  };
  try {
    await waitFor("the private SMTP server", async () => existsSync(ready), 20000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { port: JSON.parse(readFileSync(ready, "utf8")).plain, log, stop };
}

/** The ticket pane's status select, read from the page. */
const paneStatus = (s) => s.exec(`return document.querySelector('${PANE} select[name="status"]').value;`);

test("an email to the support mailbox becomes a ticket, the agent's emailed reply and her answer reopen it, SLA and dashboard show it", async () => {
  const password = env("RELATA_TEST_MAIL_PASSWORD");
  const [desk, imapPort, maildir] = ["RELATA_TEST_DESK_USER", "RELATA_TEST_IMAP_PORT", "RELATA_TEST_MAILDIR"].map(env);

  const { dir } = seeded(["people", "add", "--first-name", "Sanne", "--last-name", "Bakker", "--email", "sanne@klant.test"]);
  // Round the clock, so the clocks run whenever the suite does; targets in business minutes.
  const hours = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [["00:00", "24:00"]]]));
  writeFileSync(join(dir, "calendar.json"), JSON.stringify({ name: "Always", timezone: "Etc/UTC", hours }));
  cli(dir, "sla", "calendar", "add", "--file", join(dir, "calendar.json"));
  const targets = { first_response: 60, next_reply: 120, resolution: 480 };
  writeFileSync(join(dir, "policy.json"), JSON.stringify({ name: "Standard", calendar: "Always", targets: { normal: targets } }));
  cli(dir, "sla", "policy", "add", "--file", join(dir, "policy.json"));

  const smtp = await privateSmtp(dir, desk, password);
  try {
    const account = ["mail", "account", "add", "--name", "Support", "--address", "support@relata.test", "--display-name", "Relata Support", "--user", desk, "--imap-host", "127.0.0.1", "--imap-port", imapPort, "--smtp-host", "127.0.0.1", "--smtp-port", String(smtp.port), "--security", "none"];
    // The password goes to the OS keyring from standard input, as a person types it.
    execFileSync(APP, ["--data-dir", dir, ...account], { input: `${password}\n`, encoding: "utf8" });
    assert.equal(cli(dir, "mail", "account", "support", "Support").support_mailbox, true);

    // Sanne writes to the support mailbox before the app runs: its first sync opens the ticket.
    const stamp = Date.now();
    const subject = `Printer prints blank pages ${stamp}`;
    const opening = `<open-${stamp}@klant.test>`;
    deliver(maildir, desk, `open-${stamp}`, [
      "From: Sanne Bakker <sanne@klant.test>",
      "To: Relata Support <support@relata.test>",
      `Subject: ${subject}`,
      `Message-ID: ${opening}`,
      `Date: ${new Date().toUTCString()}`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Since this morning every page comes out blank.",
    ]);

    await withApp(dir, async (s) => {
      await s.click('[data-testid="nav-tickets"]');
      await s.find('[data-testid="tickets-page"]');
      await s.waitForText('[data-testid="ticket-row"]', subject, 90000);
      assert.equal((await s.findAll('[data-testid="ticket-row"]')).length, 1, "one ticket, from the one message");
      assert.match(await s.textOf('[data-testid="ticket-row"]'), /T-000001/);
      await s.clickSettled('[data-testid="ticket-row"]');
      await s.waitForText(`${PANE} #ticket-title`, subject);
      const head = await s.textOf(`${PANE} .ticket-head`);
      assert.match(head, /T-000001 · Sanne Bakker/, "the requester is the known person");
      assert.match(head, /Email/);
      await s.waitForText(`${PANE} [data-testid="ticket-event"]`, "every page comes out blank");
      // The first response clock runs (a wall-clock time left, under the one-hour target).
      await s.waitForText(`${PANE} [data-testid="sla-badge"]`, "left");
      await s.find(`${PANE} [data-testid="sla-clock"][data-clock="first_response"][data-state="running"]`);

      // Reply: an email ticket goes by email from the one account (the mail accounts load after the ticket).
      await waitFor("the reply by email", async () => (await s.exec(`return document.querySelector('${PANE} select[name="via"]')?.value ?? "";`)) !== "", 20000);
      await s.type(`${PANE} textarea[name="body"]`, "Sorry about that. Please switch the printer off and on again and tell us whether it helps.");
      await s.waitForText('[data-testid="ticket-send"]', "Send email");
      await s.clickSettled('[data-testid="ticket-send"]:not([disabled])');
      await s.waitForText(`${PANE} .ticket-event-reply`, "switch the printer off and on again", 20000);

      // The outbox sender delivers it to the real SMTP server: to Sanne, tagged and threaded on her mail.
      const sent = await waitFor("the reply at the SMTP server", async () => received(smtp.log).find((r) => r.rcpt_tos.includes("sanne@klant.test")), 60000);
      assert.match(sent.raw, /^Subject: Re: \[T-000001\] Printer prints blank pages/m);
      assert.match(sent.raw, new RegExp(`^In-Reply-To: ${opening}`, "m"), "it answers her message");
      assert.match(sent.raw, /switch the printer off and on again/);
      assert.ok(sent.message_id, "the reply has a Message-ID");

      // The reply stopped the first response clock in time; the agent waits for the customer now.
      await s.find(`${PANE} [data-testid="sla-clock"][data-clock="first_response"][data-state="met"]`, 20000);
      assert.equal(await paneStatus(s), "new", "a reply alone leaves the status to the agent");
      await s.selectOption(`${PANE} select[name="status"]`, "pending");
      await waitFor("the ticket to wait for the customer", async () => (await paneStatus(s)) === "pending", 20000);
      await s.waitForText(`${PANE} [data-testid="sla-badge"]`, "Paused", 20000);

      // Sanne answers from her mail client: In-Reply-To the agent's reply, the subject kept.
      deliver(maildir, desk, `answer-${stamp}`, [
        "From: Sanne Bakker <sanne@klant.test>",
        "To: Relata Support <support@relata.test>",
        `Subject: Re: [T-000001] ${subject}`,
        `Message-ID: <answer-${stamp}@klant.test>`,
        `In-Reply-To: ${sent.message_id}`,
        `References: ${opening} ${sent.message_id}`,
        `Date: ${new Date().toUTCString()}`,
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Switched it off and on: still blank pages.",
      ]);
      // IMAP IDLE pokes the sync within seconds (the minute's poll is the fallback); the page follows.
      await s.waitForText(`${PANE} .ticket-event-customer_reply`, "still blank pages", 90000);
      await waitFor("the ticket to reopen", async () => (await paneStatus(s)) === "open", 20000);
      await s.waitForText(`${PANE} [data-testid="ticket-event"]`, "Status: Open");
      assert.equal((await s.findAll('[data-testid="ticket-row"]')).length, 1, "the answer opened no second ticket");
      // The badge shows the next reply clock running; the first response stays met.
      await s.waitForText(`${PANE} [data-testid="sla-badge"]`, "left", 20000);
      await s.find(`${PANE} [data-testid="sla-clock"][data-clock="next_reply"][data-state="running"]`);
      await s.find(`${PANE} [data-testid="sla-clock"][data-clock="first_response"][data-state="met"]`);
      await s.waitForText('[data-testid="ticket-row"]', "Open");
      if (SHOTS) {
        await s.screenshot(join(SHOTS, "ticket-reopened.png"));
        execFileSync("import", ["-window", "root", join(SHOTS, "ticket-reopened-screen.png")]);
      }

      // The Support page counts it: opened 1, one first response, by email, open in the backlog.
      await s.clickSettled('[data-testid="open-support"]');
      await s.find('[data-testid="support-kpis"]', 20000);
      const kpi = (label) => s.exec(`return [...document.querySelectorAll('[data-testid="support-kpis"] .support-kpi')].find((k) => k.querySelector("dt").textContent === arguments[0])?.querySelector("dd").textContent ?? null;`, [label]);
      assert.equal(await kpi("Opened"), "1");
      assert.match(await kpi("First response (business min)"), /^median \d+ · p90 \d+ \(1\)$/);
      assert.match(await s.textOf('[data-testid="figure-channels"]'), /Email\s+1/);
      assert.match(await s.textOf('[data-testid="figure-backlog"]'), /Open\s+1/);
    }, "tickets");
  } finally {
    await smtp.stop();
  }

  // The store agrees: one ticket, open, reply and customer answer recorded once each, first response met.
  const t = cli(dir, "tickets", "show", "T-000001", "--json");
  assert.equal(t.status, "open");
  assert.equal(t.channel, "email");
  assert.equal(t.events.filter((e) => e.kind === "reply").length, 1);
  assert.equal(t.events.filter((e) => e.kind === "customer_reply").length, 1);
  assert.equal(t.sla.first_response_met, true);
  assert.equal(received(smtp.log).length, 1, "the reply was sent exactly once");
});
