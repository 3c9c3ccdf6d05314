import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Document, Language } from "../bindings";
import { DOCUMENT_LIMITS } from "../bindings";
import { api, toApiError } from "../api/client";
import { ConfirmDeleteDialog } from "../components/Dialog";
import { TextField } from "../components/Field";
import { Icon } from "../components/Icon";
import { useToast } from "../components/Toast";
import { DocumentForm, LanguageSelect } from "../forms/DocumentForm";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { fileSize } from "../lib/templates";

/** What is open below the list: a picked file being added, or a document being edited. */
type Open = { kind: "add"; path: string } | { kind: "edit"; doc: Document } | null;

/** The document library: case studies and white papers kept (encrypted) with the data, with title,
 * language and tags, to attach to templates and emails. */
export function DocumentsManager() {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const [text, setText] = useState("");
  const [language, setLanguage] = useState<Language | "">("");
  // The core announces the template topic for the library too, so the list refreshes itself.
  const q = useQuery(() => api.documentsList({ text: text.trim() === "" ? null : text, language: language === "" ? null : language, tag: null }), `documents:${text}:${language}`, ["template"]);
  const [open, setOpen] = useState<Open>(null);
  const [toDelete, setToDelete] = useState<Document | null>(null);
  const [deleteError, setDeleteError] = useState<{ id: number; inUse: boolean } | null>(null);
  const docs = q.data ?? [];

  const pick = async () => {
    try {
      const path = await api.pickFile("document", null);
      if (path) setOpen({ kind: "add", path });
    } catch (e) {
      toast.error(e);
    }
  };

  const remove = async (doc: Document) => {
    setToDelete(null);
    setDeleteError(null);
    try {
      await api.documentsRemove(doc.id);
      if (open?.kind === "edit" && open.doc.id === doc.id) setOpen(null);
    } catch (e) {
      const err = toApiError(e);
      if (err.code === "conflict") setDeleteError({ id: doc.id, inUse: true });
      else toast.error(err);
    }
  };

  const exts = DOCUMENT_LIMITS.types.map((x) => x.extension.toUpperCase()).filter((x, i, all) => all.indexOf(x) === i);
  return (
    <section className="card" data-testid="documents-manager">
      <h2>{t("documents.title")}</h2>
      <p className="muted small">{t("documents.intro")}</p>
      <p className="muted small" data-testid="documents-limits">
        {t("documents.limitTypes", { types: exts.join(", "), size: fileSize(DOCUMENT_LIMITS.max_bytes, locale) })}
      </p>
      <div className="form-grid">
        <TextField label={t("common.search")} name="documents-search" value={text} onChange={(e) => setText(e.target.value)} data-testid="documents-search" />
        <LanguageSelect name="documents-language" value={language} emptyLabel={t("documents.allLanguages")} onChange={setLanguage} />
      </div>
      {q.data && docs.length === 0 && (
        <p className="muted small" data-testid="documents-empty">
          {text || language ? t("documents.noMatch") : t("documents.none")}
        </p>
      )}
      {docs.length > 0 && (
        <ul className="custom-field-list cadence-list" data-testid="documents-list">
          {docs.map((d) => (
            <li key={d.id} data-testid="document-row" data-id={d.id}>
              <span className="cadence-row-text">
                <span className="strong">{d.title}</span>
                <span className="muted small">
                  {[
                    d.file_name,
                    fileSize(d.size, locale),
                    d.language ? t(`templates.lang.${d.language}`) : null,
                    d.tags.length > 0 ? d.tags.join(", ") : null,
                    d.template_count > 0 ? t("documents.templateCount", { count: d.template_count }) : null,
                    d.sent_count > 0 ? t("documents.sentCount", { count: d.sent_count }) : null,
                  ]
                    .filter(Boolean)
                    .join(" — ")}
                </span>
                {deleteError?.id === d.id && (
                  <span className="field-error" role="alert" data-testid="document-delete-error">
                    {t("documents.inUse")}
                  </span>
                )}
              </span>
              <button type="button" className="icon-button" aria-label={t("documents.editItem", { name: d.title })} title={t("common.edit")} data-testid="document-edit" onClick={() => setOpen({ kind: "edit", doc: d })}>
                <Icon name="edit" size={14} />
              </button>
              <button type="button" className="icon-button danger" aria-label={t("common.removeItem", { item: d.title })} title={t("common.delete")} data-testid="document-delete" onClick={() => setToDelete(d)}>
                <Icon name="trash" size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {open?.kind === "add" && (
        <DocumentForm
          key={`add-${open.path}`}
          document={null}
          fileName={open.path}
          onCancel={() => setOpen(null)}
          onSubmit={async (meta) => {
            await api.documentsAdd(open.path, meta);
            setOpen(null);
            toast.show(t("documents.added"), { kind: "success" });
          }}
        />
      )}
      {open?.kind === "edit" && (
        <DocumentForm
          key={`edit-${open.doc.id}`}
          document={open.doc}
          onCancel={() => setOpen(null)}
          onSubmit={async (meta) => {
            await api.documentsUpdate(open.doc.id, meta);
            setOpen(null);
            toast.show(t("toast.saved"), { kind: "success" });
          }}
        />
      )}
      {open === null && (
        <div className="custom-field-form">
          <button type="button" className="button" onClick={() => void pick()} data-testid="document-add">
            <Icon name="plus" /> {t("documents.add")}
          </button>
        </div>
      )}
      {toDelete && (
        <ConfirmDeleteDialog
          title={t("documents.deleteTitle")}
          message={t("documents.deleteConfirm", { name: toDelete.title })}
          onConfirm={() => void remove(toDelete)}
          onClose={() => setToDelete(null)}
        />
      )}
    </section>
  );
}
