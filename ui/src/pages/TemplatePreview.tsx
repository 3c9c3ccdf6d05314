import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Language, RenderedMessage, Template } from "../bindings";
import { api, toApiError, type ApiError } from "../api/client";
import { SelectField } from "../components/Field";
import { RecordPicker, type Picked } from "../components/RecordPicker";
import { useLocale } from "../i18n";
import { fileSize, lineOf } from "../lib/templates";

type Props = { template: Template };

/** The template rendered for a chosen person, shown as plain text: the HTML part never reaches the DOM as
 * HTML, so whatever a record holds cannot run or load anything here. */
export function TemplatePreview({ template }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [person, setPerson] = useState<Picked>(null);
  // null: the person's own language decides, as when the message is sent.
  const [lang, setLang] = useState<Language | null>(null);
  const [message, setMessage] = useState<RenderedMessage | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    setMessage(null);
    setError(null);
    if (!person) return;
    api
      .templatesPreview(template.id, { person_id: person.id, deal_id: null, ticket: null, sender: null, lang })
      .then((m) => live && setMessage(m))
      .catch((e) => live && setError(toApiError(e)));
    return () => {
      live = false;
    };
  }, [person, template, lang]);

  const line = error ? lineOf(error.message) : null;
  // What the message carries: the template's own attachments, then its library documents (as when sent).
  const files = message
    ? [...message.attachments.map((a) => ({ name: a.name, size: a.size })), ...template.documents.map((d) => ({ name: d.file_name, size: d.size }))]
    : [];
  return (
    <div className="template-preview" data-testid="template-preview">
      <h3 className="small">{t("templates.preview")}</h3>
      <div className="form-grid">
        <RecordPicker entity="person" label={t("templates.previewFor")} name="preview_person" value={person} onChange={setPerson} />
        <SelectField
          label={t("templates.previewLang")}
          name="preview_lang"
          value={lang ?? "auto"}
          options={[{ value: "auto", label: t("templates.recipientLanguage") }, ...template.variants.map((v) => ({ value: v.lang, label: t(`templates.lang.${v.lang}`) }))]}
          onChange={(e) => setLang(e.target.value === "auto" ? null : (e.target.value as Language))}
        />
      </div>
      {error && (
        <p className="field-error" role="alert" data-testid="template-preview-error">
          {error.code === "missing_field" && error.field
            ? t("templates.missingField", { field: error.field })
            : error.code === "not_found" && error.field === "lang"
              ? t("templates.noVariant")
              : t(`errors.general.${error.code}`)}
          {line != null && ` ${t("templates.errorAtLine", { line })}`}
        </p>
      )}
      {message && (
        <div data-testid="template-preview-message">
          <p className="muted small">{t("templates.previewLanguage", { language: t(`templates.lang.${message.lang}`) })}</p>
          <p className="strong" data-testid="template-preview-subject">{message.subject}</p>
          <pre className="template-preview-text" style={{ whiteSpace: "pre-wrap", fontFamily: "inherit" }} data-testid="template-preview-text">
            {message.text}
          </pre>
          {files.length > 0 && (
            <p className="muted small" data-testid="template-preview-attachments">
              {t("templates.attachments")}: {files.map((f) => `${f.name} (${fileSize(f.size, locale)})`).join(", ")}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
