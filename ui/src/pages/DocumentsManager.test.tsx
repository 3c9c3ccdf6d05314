import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { err, makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import { ToastProvider } from "../components/Toast";
import { DocumentsManager } from "./DocumentsManager";

const caseStudy = {
  id: 3,
  title: "Retail case study",
  language: "nl",
  tags: ["case", "retail"],
  file_name: "retail.pdf",
  mime: "application/pdf",
  size: 2048,
  sha256: "ab",
  template_count: 1,
  sent_count: 2,
  created_at: 1,
  updated_at: 1,
};

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    documentsList: vi.fn(async () => ok([caseStudy])),
    documentsAdd: vi.fn(async (_path: string, meta: object) => ok({ ...caseStudy, id: 4, ...meta })),
    documentsUpdate: vi.fn(async (_id: number, meta: object) => ok({ ...caseStudy, ...meta })),
    documentsRemove: vi.fn(async () => ok(null)),
    pickFile: vi.fn(async () => ok("/home/sam/Papers/White paper.pdf")),
  });
});

const field = (name: string) => document.querySelector<HTMLInputElement & HTMLSelectElement>(`[name="${name}"]`)!;

function renderIt() {
  render(<ToastProvider><DocumentsManager /></ToastProvider>);
}

describe("DocumentsManager", () => {
  it("lists documents with their facts and filters by text and language", async () => {
    renderIt();
    const row = await screen.findByTestId("document-row");
    expect(row.textContent).toContain("Retail case study");
    expect(row.textContent).toContain("retail.pdf — 2 KB — Dutch — case, retail — in 1 template — sent 2 times");
    expect(screen.getByTestId("documents-limits").textContent).toContain("PDF, DOCX");
    fireEvent.change(field("documents-search"), { target: { value: "white" } });
    fireEvent.change(field("documents-language"), { target: { value: "de" } });
    await waitFor(() => expect(commands.documentsList).toHaveBeenLastCalledWith({ text: "white", language: "de", tag: null }));
  });

  it("adds a file picked in the open dialog with a title from its name, and shows a refused file at its place", async () => {
    renderIt();
    await screen.findByTestId("document-row");
    fireEvent.click(screen.getByTestId("document-add"));
    await screen.findByTestId("document-form");
    expect(commands.pickFile).toHaveBeenCalledWith("document", null);
    expect(field("title").value).toBe("White paper");
    expect(screen.getByTestId("document-form-file").textContent).toContain("White paper.pdf");
    commands.documentsAdd.mockResolvedValueOnce(err("out_of_range", "too big", "file"));
    fireEvent.change(field("tags"), { target: { value: "paper, , Retail" } });
    fireEvent.change(field("language"), { target: { value: "en" } });
    fireEvent.click(screen.getByTestId("document-save"));
    expect((await screen.findByTestId("document-file-error")).textContent).toContain("10 MB");
    expect(commands.documentsAdd.mock.calls[0]).toEqual(["/home/sam/Papers/White paper.pdf", { title: "White paper", language: "en", tags: ["paper", "Retail"] }]);
    fireEvent.change(field("title"), { target: { value: "" } });
    commands.documentsAdd.mockResolvedValueOnce(err("required", "title is required", "title"));
    fireEvent.click(screen.getByTestId("document-save"));
    expect(await screen.findByTestId("error-title")).toBeTruthy();
    fireEvent.change(field("title"), { target: { value: "White paper 2026" } });
    fireEvent.click(screen.getByTestId("document-save"));
    await waitFor(() => expect(screen.queryByTestId("document-form")).toBeNull());
    expect(commands.documentsAdd).toHaveBeenCalledTimes(3);
  });

  it("edits a document and says why one a template sends cannot be deleted", async () => {
    renderIt();
    await screen.findByTestId("document-row");
    fireEvent.click(screen.getByTestId("document-edit"));
    expect(field("title").value).toBe("Retail case study");
    expect(field("tags").value).toBe("case, retail");
    fireEvent.change(field("title"), { target: { value: "Retail case" } });
    fireEvent.click(screen.getByTestId("document-save"));
    await waitFor(() => expect(commands.documentsUpdate).toHaveBeenCalledWith(3, { title: "Retail case", language: "nl", tags: ["case", "retail"] }));
    commands.documentsRemove.mockResolvedValueOnce(err("conflict", "attached to a template"));
    fireEvent.click(screen.getByTestId("document-delete"));
    fireEvent.click(await screen.findByRole("button", { name: "Delete" }));
    expect((await screen.findByTestId("document-delete-error")).textContent).toBe("A template still sends this document. Take it off the template first.");
    expect(commands.documentsRemove).toHaveBeenCalledWith(3);
  });
});
