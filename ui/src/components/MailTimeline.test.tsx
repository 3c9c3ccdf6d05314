import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()),
  commands,
  events: { dataChanged: { listen: vi.fn(async () => () => undefined) }, reminderFired: { listen: vi.fn(async () => () => undefined) } },
}));

import { DEFAULT_SETTINGS } from "../api/types";
import { AppStateProvider } from "../app/AppState";
import { FormsProvider } from "../app/Forms";
import type { Activity } from "../bindings";
import i18n from "../i18n";
import { ComposeHost } from "./ComposeHost";
import { Timeline } from "./Timeline";
import { ToastProvider } from "./Toast";

const now = Date.now();
const email = (id: number, extra: Partial<Activity>): Activity => ({
  id, kind: "email", direction: "inbound", subject: "", body: null, occurred_at: now - id * 60_000, duration_secs: null,
  person_id: 3, person_name: "Mette Holm", company_id: null, company_name: null, deal_id: null, deal_title: null,
  created_at: now, updated_at: now, system_event: null, call: null, order: null, ...extra,
});

const long = Array.from({ length: 12 }, (_, i) => `Line ${i + 1}`).join("\n");
const reply = email(1, { subject: "Re: Tilbud", body: "Tak!\n\nOn Monday Sam wrote:\n> Here is the offer", direction: "inbound" });
const offer = email(2, { subject: "Tilbud", body: `<img src=x onerror=alert(1)><b>Hej</b>\n${long}`, direction: "outbound" });
const other = email(3, { subject: "Invoice", body: "See attached" });

async function renderIn(language: "en" | "da") {
  await i18n.changeLanguage(language);
  render(
    <ToastProvider>
      <AppStateProvider initialSettings={{ ...DEFAULT_SETTINGS, language }} info={null}>
        <FormsProvider>
          <Timeline target={{ person_id: 3, company_id: null, deal_id: null }} except="person" />
          <ComposeHost />
        </FormsProvider>
      </AppStateProvider>
    </ToastProvider>,
  );
  await waitFor(() => expect(screen.getByTestId("mail-attachments")).toBeTruthy());
}

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    activitiesTimeline: vi.fn(async () => ok({ items: [reply, offer, other], total: 3, next_cursor: null })),
    mailActivityInfo: vi.fn(async () =>
      ok([
        // Mette wrote from her private address, which her record does not list.
        { activity_id: 1, message_id: "r1@example.dk", thread_key: "t1", thread_size: 2, attachments: [], malformed: false, flags: { seen: true, answered: true, flagged: false }, reply_address: "mette.privat@example.dk", deleted_on_server_at: null },
        { activity_id: 2, message_id: "t1", thread_key: "t1", thread_size: 2, attachments: [], malformed: true, flags: { seen: true, answered: false, flagged: false }, reply_address: null, deleted_on_server_at: now },
        { activity_id: 3, message_id: "t3", thread_key: "t3", thread_size: 1, attachments: [{ name: "faktura.pdf", content_type: "application/pdf", size: 1536 }], malformed: false, flags: { seen: false, answered: false, flagged: true }, reply_address: "ap@example.dk", deleted_on_server_at: null },
      ]),
    ),
  });
});

describe("Email on the timeline", () => {
  it("groups a thread under its newest message, shows direction, attachments, and bodies as text", async () => {
    await renderIn("en");
    expect(commands.mailActivityInfo).toHaveBeenCalledWith([1, 2, 3]);
    const items = screen.getAllByTestId("timeline-item");
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toContain("Received");
    expect(items[0].textContent).toContain("Re: Tilbud");
    // Quoted history is folded away.
    expect(items[0].textContent).not.toContain("Here is the offer");
    expect(items[1].textContent).toContain("faktura.pdf");
    expect(items[1].textContent).toContain("1.5 KB");
    // What the server says: answered, unread and flagged; a message deleted there stays, marked.
    expect(items[0].querySelector('[data-testid="mail-answered"]')?.textContent).toBe("Answered");
    expect(items[0].querySelector('[data-testid="mail-unread"]')).toBeNull();
    expect(items[1].querySelector('[data-testid="mail-unread"]')?.textContent).toBe("Unread");
    expect(items[1].querySelector('[data-testid="mail-flagged"]')?.textContent).toBe("Flagged");
    fireEvent.click(screen.getByTestId("mail-thread-toggle"));
    const all = screen.getAllByTestId("timeline-item");
    expect(all).toHaveLength(3);
    const older = all[1];
    expect(older.textContent).toContain("Sent");
    expect(older.textContent).toContain("Partly unreadable");
    expect(older.querySelector('[data-testid="mail-deleted-on-server"]')?.textContent).toBe("Deleted on the server");
    expect(older.querySelector('[data-testid="mail-unread"]')).toBeNull();
    // The body is text: markup shows as characters, nothing becomes an element.
    expect(older.querySelector("img, b")).toBeNull();
    expect(older.textContent).toContain("<b>Hej</b>");
    const body = older.querySelector<HTMLElement>('[data-testid="mail-body"]')!;
    expect(body.className).toContain("is-collapsed");
    fireEvent.click(older.querySelector<HTMLElement>('[data-testid="mail-body-toggle"]')!);
    expect(body.className).not.toContain("is-collapsed");
  });

  it("replies to a received email from its entry, answering that message at the address it came from", async () => {
    commands.peopleGet = vi.fn(async () => ok({ id: 3, display_name: "Mette Holm", emails: [{ value: "mette@example.dk", label: "work" }] }));
    commands.mailAccountsList = vi.fn(async () => ok([{ id: 1, address: "sales@relata.test", display_name: "" }]));
    commands.templatesList = vi.fn(async () => ok([]));
    commands.mailSend = vi.fn(async () => ok({ id: 9 }));
    await renderIn("en");
    fireEvent.click(screen.getAllByTestId("mail-reply")[0]);
    await screen.findByTestId("compose-mail");
    const subject = document.querySelector<HTMLInputElement>('[data-testid="compose-mail"] [name="subject"]')!;
    expect(subject.value).toBe("Re: Tilbud");
    expect(screen.getByRole("dialog").textContent).toContain("Reply to Mette Holm");
    await waitFor(() => expect(document.querySelector<HTMLSelectElement>('[name="account"]')!.value).toBe("1"));
    // Her listed address stays one choice away.
    expect([...document.querySelectorAll<HTMLOptionElement>('[name="to"] option')].map((o) => o.value)).toEqual(["mette.privat@example.dk", "mette@example.dk"]);
    fireEvent.change(document.querySelector('[name="body"]')!, { target: { value: "Ja, det kan vi." } });
    fireEvent.click(screen.getByTestId("compose-send"));
    await waitFor(() => expect(commands.mailSend).toHaveBeenCalled());
    expect(commands.mailSend.mock.calls[0][0]).toMatchObject({ in_reply_to: "r1@example.dk", subject: "Re: Tilbud", to: "mette.privat@example.dk" });
  });

  it("speaks Danish", async () => {
    await renderIn("da");
    const items = screen.getAllByTestId("timeline-item");
    expect(items[0].textContent).toContain("Modtaget");
    expect(screen.getByTestId("mail-thread-toggle").textContent).toBe("1 tidligere besked i denne tråd");
    expect(items[1].querySelector('[data-testid="mail-unread"]')?.textContent).toBe("Ulæst");
  });
});
