import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Template } from "../bindings";
import { api } from "../api/client";
import { ConfirmDeleteDialog } from "../components/Dialog";
import { Icon } from "../components/Icon";
import { useToast } from "../components/Toast";
import { TemplateEditor } from "../forms/TemplateEditor";
import { useQuery } from "../hooks/useQuery";
import { TemplatePreview } from "./TemplatePreview";

/** Message templates in four languages with merge fields and attached documents, and their preview. */
export function TemplatesManager() {
  const { t } = useTranslation();
  const toast = useToast();
  // The core announces the template topic after every write, so the list refreshes itself.
  const q = useQuery(() => api.templatesList(), "templates", ["template"]);
  // null: nothing open; "new": a new template; a template: editing it.
  const [editing, setEditing] = useState<Template | "new" | null>(null);
  const [toDelete, setToDelete] = useState<Template | null>(null);
  const templates = q.data ?? [];

  const remove = async (tpl: Template) => {
    setToDelete(null);
    try {
      await api.templatesRemove(tpl.id);
      if (editing !== "new" && editing?.id === tpl.id) setEditing(null);
    } catch (e) {
      toast.error(e);
    }
  };

  return (
    <section className="card" data-testid="templates-manager">
      <h2>{t("templates.title")}</h2>
      <p className="muted small">{t("templates.intro")}</p>
      {q.data && templates.length === 0 && <p className="muted small">{t("templates.none")}</p>}
      {templates.length > 0 && (
        <ul className="custom-field-list cadence-list">
          {templates.map((tpl) => (
            <li key={tpl.id} data-testid="template-row">
              <span className="cadence-row-text">
                <span className="strong">{tpl.name}</span>
                <span className="muted small">
                  {[tpl.purpose, tpl.variants.map((v) => v.lang.toUpperCase()).join(" · "), tpl.attachments.length + tpl.documents.length > 0 ? t("templates.attachmentCount", { count: tpl.attachments.length + tpl.documents.length }) : null]
                    .filter(Boolean)
                    .join(" — ")}
                </span>
              </span>
              <button type="button" className="icon-button" aria-label={t("templates.editItem", { name: tpl.name })} title={t("common.edit")} onClick={() => setEditing(tpl)}>
                <Icon name="edit" size={14} />
              </button>
              <button type="button" className="icon-button danger" aria-label={t("common.removeItem", { item: tpl.name })} title={t("common.delete")} onClick={() => setToDelete(tpl)}>
                <Icon name="trash" size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {editing ? (
        <>
          <TemplateEditor
            key={editing === "new" ? "new" : editing.id}
            template={editing === "new" ? null : editing}
            onCancel={() => setEditing(null)}
            onSaved={(saved) => {
              setEditing(saved);
              toast.show(t("toast.saved"), { kind: "success" });
            }}
          />
          {editing !== "new" && <TemplatePreview key={`preview-${editing.id}-${editing.updated_at}`} template={editing} />}
        </>
      ) : (
        <div className="custom-field-form">
          <button type="button" className="button" onClick={() => setEditing("new")} data-testid="template-new">
            <Icon name="plus" /> {t("templates.add")}
          </button>
        </div>
      )}
      {toDelete && (
        <ConfirmDeleteDialog
          title={t("templates.deleteTitle")}
          message={t("templates.deleteConfirm", { name: toDelete.name })}
          onConfirm={() => void remove(toDelete)}
          onClose={() => setToDelete(null)}
        />
      )}
    </section>
  );
}
