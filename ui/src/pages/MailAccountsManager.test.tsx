import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import type { MailAccount, MailTestReport } from "../bindings";
import { ToastProvider } from "../components/Toast";
import i18n from "../i18n";
import { MailAccountsManager } from "./MailAccountsManager";

const work: MailAccount = {
  id: 4, name: "Work", address: "sales@relata.test", display_name: "Sam", username: "sam", imap_host: "imap.relata.test", imap_port: 993,
  smtp_host: "smtp.relata.test", smtp_port: 465, security: "tls", imap_cert_pin: null, smtp_cert_pin: null, create_leads: false, support_mailbox: false,
  extra_folders: ["Kunder"], per_minute: 20, per_day: 500, signatures: [{ lang: "da", body: "Hilsen Sam" }], created_at: 1, updated_at: 1,
};
const ok_ = { ok: true, failed_step: null, error: null, fingerprint: null };
const certFailed: MailTestReport = {
  imap: { ok: false, failed_step: "certificate", error: { code: "certificate", message: "invalid peer certificate: UnknownIssuer", field: null }, fingerprint: "ab".repeat(32) },
  smtp: { ok: false, failed_step: "login", error: { code: "login", message: "535 5.7.8 Authentication failed", field: null }, fingerprint: null },
};

beforeEach(async () => {
  await i18n.changeLanguage("en");
  Object.assign(commands, makeCommands(), {
    mailAccountsList: vi.fn(async () => ok([work])),
    mailSyncStatus: vi.fn(async () => ok([{ account_id: 4, synced_at: null, folders: 0, ok_at: null, error: null }])),
    mailAccountAdd: vi.fn(async (input: object) => ok({ ...work, ...input, id: 9 })),
    mailAccountUpdate: vi.fn(async (id: number, input: object) => ok({ ...work, ...input, id })),
    mailAccountRemove: vi.fn(async () => ok(null)),
    mailAccountTest: vi.fn(async () => ok(certFailed)),
    mailSyncNow: vi.fn(async () => ok(null)),
  });
});

const field = (name: string) => document.querySelector<HTMLInputElement & HTMLSelectElement & HTMLTextAreaElement>(`[name="${name}"]`)!;
const type = (name: string, value: string) => fireEvent.change(field(name), { target: { value } });

async function renderCard() {
  render(<ToastProvider><MailAccountsManager /></ToastProvider>);
  return await screen.findByTestId("mail-account-row");
}

describe("MailAccountsManager", () => {
  it("lists accounts with their sync state and syncs on request", async () => {
    const row = await renderCard();
    expect(row.textContent).toContain("Work");
    expect(row.textContent).toContain("Sam <sales@relata.test>");
    expect(row.textContent).toContain("not synced yet");
    fireEvent.click(screen.getByTestId("mail-sync-now"));
    await waitFor(() => expect(commands.mailSyncNow).toHaveBeenCalled());
  });

  it("shows the last successful sync and the last error with its failing step, in the user's language", async () => {
    const at = new Date(2026, 2, 10, 9, 30).getTime();
    commands.mailSyncStatus.mockImplementation(async () =>
      ok([{ account_id: 4, synced_at: at, folders: 2, ok_at: at, error: { code: "login", step: "login", message: "the IMAP server refused the user name or password", at: at + 60_000 } }]),
    );
    const row = await renderCard();
    await waitFor(() => expect(within(row).getByTestId("mail-sync-error")).toBeTruthy());
    expect(row.textContent).toContain("last synced");
    const error = within(row).getByTestId("mail-sync-error");
    expect(error.getAttribute("data-step")).toBe("login");
    expect(error.textContent).toContain("Sync failed at logging in");
    expect(error.textContent).toContain("refused the user name or password");
    await i18n.changeLanguage("de");
    await waitFor(() => expect(within(row).getByTestId("mail-sync-error").textContent).toContain("Synchronisierung fehlgeschlagen: Anmelden"));
  });

  it("adds an account: ports follow the security mode, the password goes to add, then the connection is tested", async () => {
    await renderCard();
    fireEvent.click(screen.getByTestId("mail-account-add"));
    expect(field("imap_port").value).toBe("993");
    expect(field("smtp_port").value).toBe("465");
    fireEvent.change(field("security"), { target: { value: "starttls" } });
    expect([field("imap_port").value, field("smtp_port").value]).toEqual(["143", "587"]);
    type("smtp_port", "2525");
    fireEvent.change(field("security"), { target: { value: "tls" } });
    expect([field("imap_port").value, field("smtp_port").value]).toEqual(["993", "2525"]);
    // Without a password the form asks for it and sends nothing.
    for (const [k, v] of [["name", "Home"], ["address", "me@example.dk"], ["username", "me"], ["imap_host", "imap.example.dk"], ["smtp_host", "smtp.example.dk"]]) type(k, v);
    fireEvent.click(screen.getByTestId("mail-account-save"));
    expect(await screen.findByTestId("error-password")).toBeTruthy();
    expect(commands.mailAccountAdd).not.toHaveBeenCalled();
    type("password", "s3cret");
    fireEvent.click(screen.getByTestId("signature-tab-de"));
    type("signature.de", "Grüße");
    type("extra_folders", "Kunder, Leverandører");
    fireEvent.click(screen.getByTestId("mail-account-save"));
    await waitFor(() => expect(commands.mailAccountAdd).toHaveBeenCalled());
    const [input, password] = commands.mailAccountAdd.mock.calls[0];
    expect(password).toBe("s3cret");
    expect(input).toMatchObject({ name: "Home", security: "tls", imap_port: 993, smtp_port: 2525, extra_folders: ["Kunder", "Leverandører"], signatures: [{ lang: "de", body: "Grüße" }] });
    await waitFor(() => expect(commands.mailAccountTest).toHaveBeenCalledWith(9));
  });

  it("editing keeps the password when the field stays empty", async () => {
    await renderCard();
    fireEvent.click(screen.getByTestId("mail-account-edit"));
    expect(field("password").value).toBe("");
    expect(screen.getByText("Leave empty to keep the saved password.")).toBeTruthy();
    fireEvent.click(screen.getByTestId("signature-tab-da"));
    expect(field("signature.da").value).toBe("Hilsen Sam");
    fireEvent.click(screen.getByTestId("mail-account-save"));
    await waitFor(() => expect(commands.mailAccountUpdate).toHaveBeenCalled());
    expect(commands.mailAccountUpdate.mock.calls[0][0]).toBe(4);
    expect(commands.mailAccountUpdate.mock.calls[0][2]).toBeNull();
  });

  it("names the failed step of each server in words and pins a refused certificate, then tests again", async () => {
    await i18n.changeLanguage("da");
    await renderCard();
    fireEvent.click(screen.getByTestId("mail-test"));
    const imap = await screen.findByTestId("mail-test-imap");
    expect(imap.textContent).toContain("Mislykkedes ved at kontrollere certifikatet");
    expect(screen.getByTestId("mail-fingerprint-imap").textContent).toContain("AB:AB:AB");
    expect(screen.getByTestId("mail-test-smtp").textContent).toContain("Mislykkedes ved at logge ind");
    expect(screen.getByTestId("mail-test-smtp").textContent).toContain("535 5.7.8");
    expect(screen.queryByTestId("mail-trust-smtp")).toBeNull();
    commands.mailAccountTest.mockImplementation(async () => ok({ imap: ok_, smtp: ok_ }));
    fireEvent.click(screen.getByTestId("mail-trust-imap"));
    await waitFor(() => expect(commands.mailAccountUpdate).toHaveBeenCalled());
    const [id, input, password] = commands.mailAccountUpdate.mock.calls[0];
    expect([id, input.imap_cert_pin, input.smtp_cert_pin, password]).toEqual([4, "ab".repeat(32), null, null]);
    await waitFor(() => expect(screen.getByTestId("mail-test-imap").dataset.ok).toBe("true"));
    expect(commands.mailAccountTest).toHaveBeenCalledTimes(2);
  });

  it("turns an account's inbox into a support mailbox and back, saying so", async () => {
    commands.mailAccountSetSupport = vi.fn(async (id: number, on: boolean) => ok({ ...work, id, support_mailbox: on }));
    await renderCard();
    const box = screen.getByTestId("mail-account-support") as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    await waitFor(() => expect(commands.mailAccountSetSupport).toHaveBeenCalledWith(4, true));
    expect(await screen.findByText("New messages to Work now become tickets.")).toBeTruthy();
    await i18n.changeLanguage("da");
    fireEvent.click(screen.getByTestId("mail-account-support"));
    await waitFor(() => expect(commands.mailAccountSetSupport).toHaveBeenCalledTimes(2));
  });

  it("asks before removing an account", async () => {
    await renderCard();
    fireEvent.click(screen.getByTestId("mail-account-remove"));
    const dialog = screen.getByRole("dialog");
    expect(dialog.textContent).toContain('Remove the account "Work"?');
    fireEvent.click(within(dialog).getByTestId("mail-account-remove-confirm"));
    await waitFor(() => expect(commands.mailAccountRemove).toHaveBeenCalledWith(4));
  });
});
