import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { err, makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import { ToastProvider } from "../components/Toast";
import { TemplatesManager } from "./TemplatesManager";

const followUp = {
  id: 1,
  name: "Follow-up",
  purpose: "follow-up",
  variants: [
    { lang: "en", subject: "Following up", body: "Hi {{ person.first_name }}" },
    { lang: "da", subject: "Opfølgning", body: "Hej {{ person.first_name }}" },
  ],
  attachments: [{ id: 5, name: "terms.pdf", mime: "application/pdf", size: 2048 }],
  documents: [],
  created_at: 1,
  updated_at: 1,
};

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    templatesList: vi.fn(async () => ok([followUp])),
    templatesSave: vi.fn(async (_id: number, input: object) => ok({ ...followUp, ...input })),
    templatesRemove: vi.fn(async () => ok(null)),
    templatesPreview: vi.fn(async () => ok(null)),
    searchGlobal: vi.fn(async () => ok([{ entity: "person", id: 7, title: "Mette Holm", subtitle: null }])),
  });
});

const field = (name: string) => document.querySelector<HTMLInputElement & HTMLTextAreaElement>(`[name="${name}"]`)!;

async function openEditor() {
  render(<ToastProvider><TemplatesManager /></ToastProvider>);
  expect((await screen.findByTestId("template-row")).textContent).toContain("EN · DA");
  fireEvent.click(screen.getByLabelText("Edit Follow-up"));
}

async function pickPerson() {
  fireEvent.change(field("preview_person"), { target: { value: "mette" } });
  fireEvent.mouseDown(await screen.findByRole("option", { name: "Mette Holm" }));
}

describe("TemplatesManager", () => {
  it("edits a language on its tab and shows the core's error on the tab it names", async () => {
    await openEditor();
    fireEvent.click(screen.getByTestId("template-tab-da"));
    expect(field("body.da").value).toBe("Hej {{ person.first_name }}");
    fireEvent.change(field("body.da"), { target: { value: "Hej\n{{ person.first_name }" } });
    fireEvent.click(screen.getByTestId("template-tab-de"));
    fireEvent.change(field("subject.de"), { target: { value: "Nachfrage" } });
    fireEvent.change(field("body.de"), { target: { value: "Hallo {{ person.first_name | default('zusammen') }}" } });
    fireEvent.click(screen.getByLabelText("Remove terms.pdf"));
    commands.templatesSave.mockResolvedValueOnce(err("template", "the variants.2.body has an error (line 2): unexpected `}`", "variants.2.body"));
    fireEvent.click(screen.getByTestId("template-save"));
    // The third saved variant is Danish (en, de, da): its tab opens with the error and the line.
    expect((await screen.findByTestId("error-body.da")).textContent).toBe("The template has an error.");
    expect(screen.getByTestId("template-error-line").textContent).toBe("(line 2)");
    expect(screen.getByTestId("template-tab-da").getAttribute("aria-selected")).toBe("true");
    expect(commands.templatesSave.mock.calls[0]).toEqual([
      1,
      {
        name: "Follow-up",
        purpose: "follow-up",
        variants: [
          { lang: "en", subject: "Following up", body: "Hi {{ person.first_name }}" },
          { lang: "de", subject: "Nachfrage", body: "Hallo {{ person.first_name | default('zusammen') }}" },
          { lang: "da", subject: "Opfølgning", body: "Hej\n{{ person.first_name }" },
        ],
        add_attachments: [],
        remove_attachments: [5],
        add_documents: [],
        remove_documents: [],
      },
    ]);
    fireEvent.change(field("body.da"), { target: { value: "Hej {{ person.first_name }}" } });
    fireEvent.click(screen.getByTestId("template-save"));
    await waitFor(() => expect(commands.templatesSave).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.queryByTestId("error-body.da")).toBeNull());
  });

  it("previews the message for a person as text, never as HTML", async () => {
    commands.templatesPreview.mockResolvedValue(
      ok({
        subject: "Hej <b>Mette</b>",
        text: "Hej <script>alert(1)</script>\n<img src=x onerror=alert(2)>",
        html: "<p>Hej &lt;script&gt;alert(1)&lt;/script&gt;</p>",
        lang: "da",
        attachments: [{ id: 5, name: "terms.pdf", mime: "application/pdf", size: 2048 }],
      }),
    );
    await openEditor();
    await pickPerson();
    expect((await screen.findByTestId("template-preview-text")).textContent).toBe("Hej <script>alert(1)</script>\n<img src=x onerror=alert(2)>");
    expect(screen.getByTestId("template-preview-subject").textContent).toBe("Hej <b>Mette</b>");
    const preview = screen.getByTestId("template-preview");
    expect(preview.querySelector("script, img, b")).toBeNull();
    expect(preview.textContent).toContain("Written in Danish");
    expect(preview.textContent).toContain("terms.pdf (2 KB)");
    expect(commands.templatesPreview).toHaveBeenCalledWith(1, { person_id: 7, deal_id: null, ticket: null, sender: null, lang: null });
    fireEvent.change(field("preview_lang"), { target: { value: "en" } });
    await waitFor(() => expect(commands.templatesPreview).toHaveBeenLastCalledWith(1, { person_id: 7, deal_id: null, ticket: null, sender: null, lang: "en" }));
  });

  it("counts and previews the library documents a message carries after the template's own attachments", async () => {
    const brochure = { id: 9, title: "Brochure", language: null, tags: [], file_name: "brochure.pdf", mime: "application/pdf", size: 4096, sha256: "cd", template_count: 1, sent_count: 0, created_at: 1, updated_at: 1 };
    commands.templatesList.mockResolvedValue(ok([{ ...followUp, documents: [brochure] }]));
    commands.templatesPreview.mockResolvedValue(
      ok({ subject: "Hej", text: "Hej", html: "<p>Hej</p>", lang: "da", attachments: [{ id: 5, name: "terms.pdf", mime: "application/pdf", size: 2048 }] }),
    );
    await openEditor();
    expect(screen.getByTestId("template-row").textContent).toContain("2 attachments");
    await pickPerson();
    expect((await screen.findByTestId("template-preview-attachments")).textContent).toBe("Attachments: terms.pdf (2 KB), brochure.pdf (4 KB)");
  });

  it("names the merge field that has no value for the chosen person", async () => {
    commands.templatesPreview.mockResolvedValue(err("missing_field", "person.first_name has no value (line 1)", "person.first_name"));
    await openEditor();
    await pickPerson();
    expect((await screen.findByTestId("template-preview-error")).textContent).toBe(
      "person.first_name has no value for this person. Fill it in or give the field a fallback. (line 1)",
    );
  });

  it("attaches a document from the library and takes it off again", async () => {
    const doc = { id: 3, title: "Retail case study", language: "nl", tags: [], file_name: "retail.pdf", mime: "application/pdf", size: 2048, sha256: "ab", template_count: 0, sent_count: 0, created_at: 1, updated_at: 1 };
    const other = { ...doc, id: 4, title: "White paper", language: null, file_name: "paper.pdf" };
    commands.documentsList.mockResolvedValue(ok([doc, other]));
    await openEditor();
    const pick = await screen.findByTestId("library-document-pick");
    expect(Array.from((pick as HTMLSelectElement).options).map((o) => o.text)).toEqual(["Choose a document…", "Retail case study (NL)", "White paper"]);
    fireEvent.change(pick, { target: { value: "3" } });
    expect((await screen.findByTestId("library-document")).textContent).toContain("Retail case study");
    fireEvent.change(screen.getByTestId("library-document-pick"), { target: { value: "4" } });
    fireEvent.click(screen.getByLabelText("Remove White paper"));
    fireEvent.click(screen.getByTestId("template-save"));
    await waitFor(() => expect(commands.templatesSave).toHaveBeenCalledTimes(1));
    expect(commands.templatesSave.mock.calls[0][1]).toMatchObject({ add_documents: [3], remove_documents: [] });
  });
});
