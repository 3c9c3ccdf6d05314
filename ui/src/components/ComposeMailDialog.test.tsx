import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { err, makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import i18n from "../i18n";
import { ComposeMailDialog, replySubject, type ComposeTarget } from "./ComposeMailDialog";
import { PersonOutbox } from "./PersonOutbox";
import { SendEmailButton } from "./SendEmailButton";
import { ToastProvider } from "./Toast";

const target: ComposeTarget = { personId: 7, name: "Mette Holm", emails: ["mette@example.dk", "mh@old.dk"] };
const account = (id: number, address: string) => ({ id, name: `A${id}`, address, display_name: "Sam", signatures: [] });

const caseDoc = { id: 3, title: "Case study", language: null, tags: [], file_name: "case.pdf", mime: "application/pdf", size: 2048, sha256: "ab", template_count: 0, sent_count: 0, created_at: 1, updated_at: 1 };

beforeEach(async () => {
  localStorage.clear();
  await i18n.changeLanguage("en");
  Object.assign(commands, makeCommands(), {
    mailAccountsList: vi.fn(async () => ok([account(1, "sales@relata.test"), account(2, "me@relata.test")])),
    templatesList: vi.fn(async () => ok([{ id: 5, name: "Opfølgning", purpose: null, variants: [], attachments: [{ id: 1, name: "prisliste.pdf", mime: "application/pdf", size: 10 }], documents: [{ ...caseDoc, id: 8, title: "Katalog", file_name: "katalog.pdf" }], created_at: 1, updated_at: 1 }])),
    documentsList: vi.fn(async () => ok([caseDoc])),
    templatesPreview: vi.fn(async () => ok({ subject: "Hej Mette", text: "Hej Mette,\n<b>tak</b> for sidst.", html: "<p>x</p>", lang: "da", attachments: [] })),
    mailSend: vi.fn(async () => ok({ id: 1 })),
    mailSendTemplate: vi.fn(async () => ok({ id: 2 })),
  });
});

const field = (name: string) => document.querySelector<HTMLInputElement & HTMLSelectElement & HTMLTextAreaElement>(`[name="${name}"]`)!;

function open(onClose = vi.fn()) {
  return render(
    <ToastProvider>
      <ComposeMailDialog target={target} bounces={[{ address: "mh@old.dk", status: "5.1.1", bounced_at: 1 }]} onClose={onClose} />
    </ToastProvider>,
  );
}

describe("ComposeMailDialog", () => {
  it("renders a template for the person in their language and queues the template itself, documents included", async () => {
    const onClose = vi.fn();
    open(onClose);
    await waitFor(() => expect(field("account").value).toBe("1"));
    expect(field("to").value).toBe("mette@example.dk");
    expect(screen.getByRole("option", { name: "mh@old.dk (bounces)" })).toBeTruthy();
    await waitFor(() => expect(screen.getByRole("option", { name: "Opfølgning" })).toBeTruthy());
    fireEvent.change(field("template"), { target: { value: "5" } });
    await waitFor(() => expect(field("subject").value).toBe("Hej Mette"));
    expect(commands.templatesPreview).toHaveBeenCalledWith(5, expect.objectContaining({ person_id: 7, lang: null }));
    expect(field("body").value).toBe("Hej Mette,\n<b>tak</b> for sidst.");
    expect(screen.getByTestId("compose-template-lang").textContent).toBe("Written in Danish");
    expect(screen.getByTestId("compose-template-attachments").textContent).toContain("prisliste.pdf, katalog.pdf");
    // A library document on top of the template's.
    fireEvent.change(await screen.findByTestId("library-document-pick"), { target: { value: "3" } });
    expect((await screen.findByTestId("library-document")).textContent).toContain("Case study");
    fireEvent.click(screen.getByTestId("compose-send"));
    await waitFor(() => expect(commands.mailSendTemplate).toHaveBeenCalled());
    expect(commands.mailSendTemplate.mock.calls[0][0]).toMatchObject({ account_id: 1, person_id: 7, template_id: 5, to: "mette@example.dk", subject: "Hej Mette", in_reply_to: null, documents: [3] });
    expect(commands.mailSend).not.toHaveBeenCalled();
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(localStorage.getItem("relata.mailDraft.person.7")).toBeNull();
  });

  it("keeps the draft when the dialog closes and brings it back", async () => {
    const first = open();
    await waitFor(() => expect(field("account").value).toBe("1"));
    fireEvent.change(field("account"), { target: { value: "2" } });
    fireEvent.change(field("subject"), { target: { value: "Møde" } });
    fireEvent.change(field("body"), { target: { value: "Hvornår passer det?" } });
    first.unmount();
    open();
    await waitFor(() => expect(field("subject").value).toBe("Møde"));
    expect(field("body").value).toBe("Hvornår passer det?");
    // The select can only show account 2 once the accounts have loaded again.
    await waitFor(() => expect(field("account").value).toBe("2"));
    fireEvent.click(screen.getByTestId("compose-discard"));
    expect(field("subject").value).toBe("");
    expect(localStorage.getItem("relata.mailDraft.person.7")).toBeNull();
  });

  it("a reply keeps its Re: subject when a template gives the text, and answers the message", async () => {
    render(
      <ToastProvider>
        <ComposeMailDialog target={target} reply={{ messageId: "q1@example.dk", subject: "Spørgsmål" }} onClose={vi.fn()} />
      </ToastProvider>,
    );
    await waitFor(() => expect(field("subject").value).toBe("Re: Spørgsmål"));
    await waitFor(() => expect(screen.getByRole("option", { name: "Opfølgning" })).toBeTruthy());
    fireEvent.change(field("template"), { target: { value: "5" } });
    await waitFor(() => expect(field("body").value).toContain("for sidst"));
    expect(field("subject").value).toBe("Re: Spørgsmål");
    await waitFor(() => expect(field("account").value).toBe("1"));
    fireEvent.click(screen.getByTestId("compose-send"));
    await waitFor(() => expect(commands.mailSendTemplate).toHaveBeenCalled());
    expect(commands.mailSendTemplate.mock.calls[0][0]).toMatchObject({ in_reply_to: "q1@example.dk", subject: "Re: Spørgsmål", template_id: 5 });
  });

  it("sends an edited template as text, and says its documents stay behind", async () => {
    open();
    await waitFor(() => expect(screen.getByRole("option", { name: "Opfølgning" })).toBeTruthy());
    fireEvent.change(field("template"), { target: { value: "5" } });
    await waitFor(() => expect(field("body").value).toContain("for sidst"));
    fireEvent.change(field("body"), { target: { value: "Hej Mette, kort besked." } });
    expect(screen.getByTestId("compose-template-attachments").textContent).toContain("without the template's attachments");
    await waitFor(() => expect(field("account").value).toBe("1"));
    fireEvent.click(screen.getByTestId("compose-send"));
    await waitFor(() => expect(commands.mailSend).toHaveBeenCalled());
    expect(commands.mailSend.mock.calls[0][0]).toMatchObject({ body: "Hej Mette, kort besked.", subject: "Hej Mette", lang: "da" });
    expect(commands.mailSendTemplate).not.toHaveBeenCalled();
    expect(replySubject("Re: x")).toBe("Re: x");
    expect(replySubject("SV: x")).toBe("SV: x");
    expect(replySubject(" Tilbud ")).toBe("Re: Tilbud");
  });

  it("shows why a template cannot be used for this person", async () => {
    commands.templatesPreview.mockImplementation(async () => err("missing_field", "missing", "person.custom.kundenr"));
    open();
    await waitFor(() => expect(screen.getByRole("option", { name: "Opfølgning" })).toBeTruthy());
    fireEvent.change(field("template"), { target: { value: "5" } });
    expect((await screen.findByTestId("compose-error")).textContent).toContain("person.custom.kundenr");
  });

  it("says where to add an account when there is none", async () => {
    commands.mailAccountsList.mockImplementation(async () => ok([]));
    open();
    expect(await screen.findByTestId("compose-no-account")).toBeTruthy();
    expect((screen.getByTestId("compose-send") as HTMLButtonElement).disabled).toBe(true);
  });
});

describe("SendEmailButton", () => {
  it("M opens the compose dialog for the record's person (here a deal's), not while typing", async () => {
    commands.peopleGet = vi.fn(async () => ok({ id: 7, display_name: "Mette Holm", emails: [{ value: "mette@example.dk", label: "work" }] }));
    render(
      <ToastProvider>
        <input data-testid="elsewhere" />
        <SendEmailButton personId={7} dealId={3} />
      </ToastProvider>,
    );
    expect(screen.getByTestId("send-email").getAttribute("title")).toBe("Send email (M)");
    fireEvent.keyDown(screen.getByTestId("elsewhere"), { key: "m" });
    expect(commands.peopleGet).not.toHaveBeenCalled();
    fireEvent.keyDown(window, { key: "m" });
    expect((await screen.findByTestId("compose-mail")).textContent).toContain("Email to Mette Holm");
    await waitFor(() => expect(field("account").value).toBe("1"));
    fireEvent.change(field("subject"), { target: { value: "Tilbud" } });
    fireEvent.keyDown(field("body"), { key: "Enter", ctrlKey: true });
    await waitFor(() => expect(commands.mailSend).toHaveBeenCalled());
    expect(commands.mailSend.mock.calls[0][0]).toMatchObject({ person_id: 7, deal_id: 3, in_reply_to: null });
    expect(localStorage.getItem("relata.mailDraft.deal.3.person.7")).toBeNull();
  });
});

describe("SendEmailButton on a company page", () => {
  it("asks which of the company's people to write to, then composes to them", async () => {
    const row = (id: number, name: string, email: string | null) => ({ id, display_name: name, email });
    commands.peopleList = vi.fn(async () => ok({ items: [row(7, "Mette Holm", "mette@example.dk"), row(8, "Ole Dam", null), row(9, "Ida Berg", "ida@example.dk")], next_cursor: null, total: 3, total_exact: true }));
    commands.peopleGet = vi.fn(async (id: number) => ok({ id, display_name: "Ida Berg", emails: [{ value: "ida@example.dk", label: "work" }] }));
    render(<ToastProvider><SendEmailButton companyId={4} /></ToastProvider>);
    fireEvent.click(screen.getByTestId("send-email"));
    const choices = await screen.findAllByTestId("compose-choose-person");
    expect(choices.map((c) => c.textContent)).toEqual(["Mette Holm mette@example.dk", "Ida Berg ida@example.dk"]);
    expect(commands.peopleList.mock.calls[0][0]).toMatchObject({ company_id: 4 });
    fireEvent.click(choices[1]);
    expect((await screen.findByTestId("compose-mail")).textContent).toContain("Email to Ida Berg");
    expect(commands.peopleGet).toHaveBeenCalledWith(9);
  });
});

describe("PersonOutbox", () => {
  it("lists queued, sent and failed messages with the server's reason", async () => {
    await act(async () => i18n.changeLanguage("de"));
    const base = { account_id: 1, message_id: "m", person_id: 7, to_address: "mette@example.dk", bulk: false, attempts: 1, next_attempt_at: 0, queued_at: 1, sent_at: null, activity_id: null, appended_at: null, last_error_code: null, last_error: null };
    commands.outboxForPerson = vi.fn(async () =>
      ok([
        { ...base, id: 3, subject: "Tilbud", status: "failed", last_error_code: "remote_rejected", last_error: "550 5.1.1 No such user" },
        { ...base, id: 2, subject: "Hej", status: "sent", sent_at: 5 },
        { ...base, id: 1, subject: "Kø", status: "queued", attempts: 0 },
      ]),
    );
    render(<PersonOutbox personId={7} />);
    const rows = await screen.findAllByTestId("outbox-row");
    expect(rows.map((r) => r.dataset.status)).toEqual(["failed", "sent", "queued"]);
    expect(rows[0].textContent).toContain("Fehlgeschlagen");
    expect(rows[0].textContent).toContain("550 5.1.1 No such user");
    expect(rows[1].textContent).toContain("Gesendet");
    expect(rows[2].textContent).toContain("Wartet");
  });
});
