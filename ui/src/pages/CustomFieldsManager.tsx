import { useState } from "react";
import { useTranslation } from "react-i18next";
import { TEXT_LIMITS, type CustomFieldKind, type Entity } from "../bindings";
import { tooLong } from "../lib/text";
import { api } from "../api/client";
import { useApp } from "../app/AppState";
import { ConfirmDeleteDialog } from "../components/Dialog";
import { TextField, SelectField } from "../components/Field";
import { Icon } from "../components/Icon";
import { useToast } from "../components/Toast";
import { useFormSubmit } from "../forms/FormDialog";
import type { FieldErrors } from "../api/errors";

const ENTITIES: Entity[] = ["person", "company", "deal"];
const KINDS: CustomFieldKind[] = ["text", "number", "date", "boolean", "choice"];

export function validateCustomField(label: string, kind: CustomFieldKind, choices: string[]): FieldErrors {
  const errors: FieldErrors = {};
  if (label.trim() === "") errors.label = "required";
  else if (tooLong(label.trim(), TEXT_LIMITS.field_label)) errors.label = "too_long";
  if (kind === "choice" && choices.length === 0) errors.choices = "required";
  return errors;
}

/** Add and delete the user's own fields per record type. */
export function CustomFieldsManager() {
  const { t } = useTranslation();
  const toast = useToast();
  const { fieldsFor } = useApp();
  const [entity, setEntity] = useState<Entity>("person");
  const [label, setLabel] = useState("");
  const [kind, setKind] = useState<CustomFieldKind>("text");
  const [choices, setChoices] = useState("");
  const [toDelete, setToDelete] = useState<{ id: number; label: string } | null>(null);
  const { errors, clear, saving, submit, formRef } = useFormSubmit();
  const defs = fieldsFor(entity);
  const choiceList = choices.split(",").map((c) => c.trim()).filter(Boolean);

  const add = () =>
    submit(
      () => validateCustomField(label, kind, choiceList),
      () => api.customFieldsCreate({ entity, label: label.trim(), kind, choices: kind === "choice" ? choiceList : [] }),
      () => {
        setLabel("");
        setChoices("");
        toast.show(t("toast.saved"), { kind: "success" });
      },
    );

  const remove = async (id: number) => {
    setToDelete(null);
    try {
      await api.customFieldsDelete(id);
    } catch (e) {
      toast.error(e);
    }
  };

  return (
    <section className="card">
      <h2>{t("customFields.title")}</h2>
      <p className="muted small">{t("customFields.intro")}</p>
      <div className="segmented" role="tablist" aria-label={t("customFields.recordType")}>
        {ENTITIES.map((e) => (
          <button key={e} type="button" role="tab" aria-selected={e === entity} className={e === entity ? "is-selected" : ""} onClick={() => setEntity(e)}>
            {t(`entity.${e}`)}
          </button>
        ))}
      </div>
      {defs.length === 0 ? (
        <p className="muted small">{t("customFields.none")}</p>
      ) : (
        <ul className="custom-field-list" role="tabpanel">
          {defs.map((d) => (
            <li key={d.id}>
              <span className="strong">{d.label}</span>
              <span className="muted">{t(`customFieldKind.${d.kind}`)}{d.kind === "choice" ? `: ${d.choices.join(", ")}` : ""}</span>
              <button type="button" className="icon-button danger" aria-label={t("common.removeItem", { item: d.label })} title={t("common.delete")} onClick={() => setToDelete(d)}>
                <Icon name="trash" size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        ref={formRef}
        className="form-grid custom-field-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <TextField label={t("customFields.label")} name="label" value={label} error={errors.label} onChange={(e) => (setLabel(e.target.value), clear("label"))} />
        <SelectField label={t("customFields.kind")} name="kind" value={kind} options={KINDS.map((k) => ({ value: k, label: t(`customFieldKind.${k}`) }))} onChange={(e) => setKind(e.target.value as CustomFieldKind)} />
        {kind === "choice" && (
          <TextField label={t("customFields.choices")} name="choices" value={choices} error={errors.choices} hint={t("form.tagsHint")} onChange={(e) => (setChoices(e.target.value), clear("choices"))} className="span-2" />
        )}
        <div className="span-2">
          <button type="submit" className="button" disabled={saving}>
            <Icon name="plus" /> {t("customFields.add")}
          </button>
        </div>
      </form>
      {toDelete && (
        <ConfirmDeleteDialog
          title={t("customFields.deleteTitle")}
          message={t("customFields.deleteConfirm", { label: toDelete.label })}
          onConfirm={() => remove(toDelete.id)}
          onClose={() => setToDelete(null)}
        />
      )}
    </section>
  );
}
