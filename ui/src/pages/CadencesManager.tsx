import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Cadence } from "../bindings";
import { api } from "../api/client";
import { ConfirmDeleteDialog } from "../components/Dialog";
import { Icon } from "../components/Icon";
import { useToast } from "../components/Toast";
import { CadenceEditor } from "../forms/CadenceEditor";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { summarizeSteps } from "../lib/cadence";

/** Create, edit and delete cadences: templates of follow-up steps started from a person's page. */
export function CadencesManager() {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const q = useQuery(() => api.cadencesList(), "cadences", []);
  // null: nothing open; "new": a new cadence; a cadence: editing it.
  const [editing, setEditing] = useState<Cadence | "new" | null>(null);
  const [toDelete, setToDelete] = useState<Cadence | null>(null);
  const cadences = q.data ?? [];

  const remove = async (c: Cadence) => {
    setToDelete(null);
    try {
      await api.cadencesDelete(c.id);
      if (editing !== "new" && editing?.id === c.id) setEditing(null);
      q.reload();
    } catch (e) {
      toast.error(e);
    }
  };

  return (
    <section className="card" data-testid="cadences-manager">
      <h2>{t("cadences.title")}</h2>
      <p className="muted small">{t("cadences.intro")}</p>
      {q.data && cadences.length === 0 && <p className="muted small">{t("cadences.none")}</p>}
      {cadences.length > 0 && (
        <ul className="custom-field-list cadence-list">
          {cadences.map((c) => (
            <li key={c.id} data-testid="cadence-row">
              <span className="cadence-row-text">
                <span className="strong">{c.name}</span>
                <span className="muted small">{summarizeSteps(t, c.steps, locale)}</span>
              </span>
              <button type="button" className="icon-button" aria-label={t("cadences.editItem", { name: c.name })} title={t("common.edit")} onClick={() => setEditing(c)}>
                <Icon name="edit" size={14} />
              </button>
              <button type="button" className="icon-button danger" aria-label={t("common.removeItem", { item: c.name })} title={t("common.delete")} onClick={() => setToDelete(c)}>
                <Icon name="trash" size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {editing ? (
        <CadenceEditor
          key={editing === "new" ? "new" : editing.id}
          cadence={editing === "new" ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            q.reload();
            toast.show(t("toast.saved"), { kind: "success" });
          }}
        />
      ) : (
        <div className="custom-field-form">
          <button type="button" className="button" onClick={() => setEditing("new")} data-testid="cadence-new">
            <Icon name="plus" /> {t("cadences.add")}
          </button>
        </div>
      )}
      {toDelete && (
        <ConfirmDeleteDialog
          title={t("cadences.deleteTitle")}
          message={t("cadences.deleteConfirm", { name: toDelete.name })}
          onConfirm={() => void remove(toDelete)}
          onClose={() => setToDelete(null)}
        />
      )}
    </section>
  );
}
