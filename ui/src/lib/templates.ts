// Turning the template editor's per-language drafts into what the core saves, and back.
import type { Language, Template, TemplateInput, TemplateVariant } from "../bindings";

export const TEMPLATE_LANGUAGES: Language[] = ["en", "nl", "de", "da"];

export type Draft = { name: string; purpose: string; texts: Record<Language, { subject: string; body: string }> };

export function draftOf(t: Template | null): Draft {
  const texts = Object.fromEntries(TEMPLATE_LANGUAGES.map((l) => [l, { subject: "", body: "" }])) as Draft["texts"];
  for (const v of t?.variants ?? []) texts[v.lang] = { subject: v.subject, body: v.body };
  return { name: t?.name ?? "", purpose: t?.purpose ?? "", texts };
}

/** The languages with any text, in the order en, nl, de, da; a language left empty is not saved. */
export function variantsOf(d: Draft): TemplateVariant[] {
  return TEMPLATE_LANGUAGES.filter((l) => d.texts[l].subject.trim() !== "" || d.texts[l].body.trim() !== "").map((lang) => ({
    lang,
    subject: d.texts[lang].subject,
    body: d.texts[lang].body,
  }));
}

export function inputOf(d: Draft, add: TemplateInput["add_attachments"], remove: number[], docs: { add: number[]; remove: number[] } = { add: [], remove: [] }): TemplateInput {
  return { name: d.name, purpose: d.purpose.trim() === "" ? null : d.purpose, variants: variantsOf(d), add_attachments: add, remove_attachments: remove, add_documents: docs.add, remove_documents: docs.remove };
}

/** The core names a variant's error by its index among the saved variants: back to the language tab. */
export function langOfField(d: Draft, field: string | null): Language | null {
  const m = /^variants\.(\d+)\./.exec(field ?? "");
  return m ? (variantsOf(d)[Number(m[1])]?.lang ?? null) : null;
}

/** "1.2 MB", "900 KB", "12 B" in the reader's locale. */
export function fileSize(bytes: number, locale: string): string {
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  if (bytes >= 1024 * 1024) return `${n.format(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${n.format(bytes / 1024)} KB`;
  return `${n.format(bytes)} B`;
}

/** The line a template error names in the core's message ("... (line 3)"), if any. */
export function lineOf(message: string): number | null {
  const m = /line (\d+)/.exec(message);
  return m ? Number(m[1]) : null;
}
