import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ErrorCode, Language, NewAttachment, Template } from "../bindings";
import { api, toApiError } from "../api/client";
import { TextArea, TextField } from "../components/Field";
import { Icon } from "../components/Icon";
import { LibraryDocuments } from "../components/LibraryDocuments";
import { useToast } from "../components/Toast";
import { useLocale } from "../i18n";
import { TEMPLATE_LANGUAGES, draftOf, fileSize, inputOf, langOfField, lineOf, type Draft } from "../lib/templates";

type Props = { template: Template | null; onSaved: (t: Template) => void; onCancel: () => void };
type Problem = { code: ErrorCode; field: string | null; line: number | null };

/** Name, purpose, a tab per language with its subject and body, and the attached documents. */
export function TemplateEditor({ template, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const [draft, setDraft] = useState<Draft>(() => draftOf(template));
  const [tab, setTab] = useState<Language>(template?.variants[0]?.lang ?? "en");
  const [added, setAdded] = useState<NewAttachment[]>([]);
  const [removed, setRemoved] = useState<number[]>([]);
  const [docs, setDocs] = useState<{ add: number[]; remove: number[] }>({ add: [], remove: [] });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const setText = (part: "subject" | "body", value: string) =>
    setDraft((d) => ({ ...d, texts: { ...d.texts, [tab]: { ...d.texts[tab], [part]: value } } }));
  const errorAt = (field: string): ErrorCode | undefined => (problem?.field === field ? problem.code : undefined);
  const variantError = (part: string) => (problem && langOfField(draft, problem.field) === tab && problem.field?.endsWith(`.${part}`) ? problem.code : undefined);

  const addFiles = async (files: FileList | null) => {
    const picked = await Promise.all(
      Array.from(files ?? []).map(async (f) => ({ name: f.name, mime: f.type || null, data: Array.from(new Uint8Array(await f.arrayBuffer())) })),
    );
    setAdded((a) => [...a.filter((x) => !picked.some((p) => p.name === x.name)), ...picked]);
  };

  const save = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const saved = await api.templatesSave(template?.id ?? null, inputOf(draft, added, removed, docs));
      onSaved(saved);
    } catch (e) {
      const err = toApiError(e);
      const lang = langOfField(draft, err.field);
      if (lang) setTab(lang);
      setProblem({ code: err.code, field: err.field, line: lineOf(err.message) });
      if (!err.field) toast.error(err);
    } finally {
      setBusy(false);
    }
  };

  const kept = (template?.attachments ?? []).filter((a) => !removed.includes(a.id));
  const keptDocs = (template?.documents ?? []).filter((x) => !docs.remove.includes(x.id)).map((x) => x.id);
  return (
    <div className="template-editor cadence-editor" data-testid="template-editor">
      <div className="form-grid">
        <TextField label={t("templates.name")} name="name" value={draft.name} error={errorAt("name")} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        <TextField label={t("templates.purpose")} name="purpose" value={draft.purpose} hint={t("templates.purposeHint")} onChange={(e) => setDraft({ ...draft, purpose: e.target.value })} />
      </div>
      <div className="tabs" role="tablist">
        {TEMPLATE_LANGUAGES.map((l) => (
          <button key={l} type="button" role="tab" className={`tab ${tab === l ? "is-selected" : ""}`} aria-selected={tab === l} data-testid={`template-tab-${l}`} onClick={() => setTab(l)}>
            {t(`templates.lang.${l}`)}
            {draft.texts[l].subject.trim() === "" && draft.texts[l].body.trim() === "" ? "" : " ●"}
          </button>
        ))}
      </div>
      <TextField label={t("templates.subject")} name={`subject.${tab}`} value={draft.texts[tab].subject} error={variantError("subject")} onChange={(e) => setText("subject", e.target.value)} />
      <TextArea label={t("templates.body")} name={`body.${tab}`} rows={10} value={draft.texts[tab].body} error={variantError("body")} hint={t("templates.fieldsHint")} onChange={(e) => setText("body", e.target.value)} />
      {problem?.line != null && problem.code === "template" && (
        <p className="field-error" data-testid="template-error-line">
          {t("templates.errorAtLine", { line: problem.line })}
        </p>
      )}
      {problem?.field === "variants" && <p className="field-error">{t("templates.needsLanguage")}</p>}
      <h3 className="small">{t("templates.attachments")}</h3>
      <ul className="custom-field-list" data-testid="template-attachments">
        {kept.map((a) => (
          <li key={a.id}>
            <span>{a.name}</span> <span className="muted small">{fileSize(a.size, locale)}</span>
            <button type="button" className="icon-button danger" aria-label={t("common.removeItem", { item: a.name })} onClick={() => setRemoved((r) => [...r, a.id])}>
              <Icon name="trash" size={14} />
            </button>
          </li>
        ))}
        {added.map((a) => (
          <li key={`new-${a.name}`}>
            <span>{a.name}</span> <span className="muted small">{fileSize(a.data.length, locale)}</span>
            <button type="button" className="icon-button danger" aria-label={t("common.removeItem", { item: a.name })} onClick={() => setAdded((x) => x.filter((y) => y !== a))}>
              <Icon name="trash" size={14} />
            </button>
          </li>
        ))}
      </ul>
      <LibraryDocuments
        attached={[...keptDocs, ...docs.add]}
        error={problem?.field?.startsWith("add_documents") || problem?.field === "remove_documents" ? problem.code : undefined}
        onAttach={(id) => setDocs((x) => ({ add: [...x.add, id], remove: x.remove.filter((r) => r !== id) }))}
        onDetach={(id) => setDocs((x) => ({ add: x.add.filter((a) => a !== id), remove: keptDocs.includes(id) ? [...x.remove, id] : x.remove }))}
      />
      {problem?.field?.startsWith("add_attachments") && <p className="field-error" data-testid="template-attachment-error">{t(`errors.inline.${problem.code}`)} {t("templates.attachmentLimit")}</p>}
      <div className="cadence-editor-actions">
        <label className="button">
          <Icon name="plus" /> {t("templates.attach")}
          <input type="file" multiple className="sr-only" data-testid="template-attach" onChange={(e) => void addFiles(e.target.files)} />
        </label>
        <span className="spacer" />
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button type="button" className="button button-primary" disabled={busy} data-testid="template-save" onClick={() => void save()}>
          {busy ? t("common.saving") : t("common.save")}
        </button>
      </div>
    </div>
  );
}
