import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Document, DocumentMeta, ErrorCode, Language } from "../bindings";
import { LANGUAGES, TEXT_LIMITS } from "../bindings";
import { toApiError } from "../api/client";
import { SelectField, TextField } from "../components/Field";
import { useToast } from "../components/Toast";

type Props = {
  /** The document being edited, or the picked file's name for a new one. */
  document: Document | null;
  fileName?: string;
  onSubmit: (meta: DocumentMeta) => Promise<void>;
  onCancel: () => void;
};

/** "Case study.pdf" → "Case study": a new document's title until the user writes one. */
export function titleOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(0, dot) : base;
}

/** "case, Retail ,, case" → ["case", "Retail"] (the core folds case-insensitive repeats too). */
export function tagsOf(text: string): string[] {
  return text.split(",").map((t) => t.trim()).filter((t) => t !== "");
}

/** A language of the library (en, nl, de, da) or none (`""`), labelled "Language". */
export function LanguageSelect({ name, value, emptyLabel, onChange }: { name: string; value: Language | ""; emptyLabel: string; onChange: (l: Language | "") => void }) {
  const { t } = useTranslation();
  return (
    <SelectField
      label={t("documents.language")}
      name={name}
      value={value}
      options={[{ value: "", label: emptyLabel }, ...LANGUAGES.map((l) => ({ value: l, label: t(`templates.lang.${l}`) }))]}
      onChange={(e) => onChange(e.target.value as Language | "")}
    />
  );
}

/** A library document's title, language and tags; the core's error is shown at its field. */
export function DocumentForm({ document, fileName, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const [title, setTitle] = useState(document?.title ?? titleOf(fileName ?? ""));
  const [language, setLanguage] = useState<Language | "">(document?.language ?? "");
  const [tags, setTags] = useState((document?.tags ?? []).join(", "));
  const [problem, setProblem] = useState<{ field: string | null; code: ErrorCode } | null>(null);
  const [busy, setBusy] = useState(false);
  const at = (f: string) => (problem?.field === f || problem?.field?.startsWith(`${f}.`) ? problem.code : undefined);

  const submit = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await onSubmit({ title, language: language === "" ? null : language, tags: tagsOf(tags) });
    } catch (e) {
      const err = toApiError(e);
      setProblem({ field: err.field, code: err.code });
      if (!err.field || !["title", "tags", "file"].some((f) => err.field === f || err.field?.startsWith(`${f}.`))) toast.error(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="cadence-editor"
      data-testid="document-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {fileName && (
        <p className="small" data-testid="document-form-file">
          {t("documents.file")}: <span className="strong">{fileName.split(/[\\/]/).pop()}</span>
        </p>
      )}
      {at("file") && (
        <p className="field-error" role="alert" data-testid="document-file-error">
          {t(`errors.inline.${at("file")}`)} {t("documents.limit")}
        </p>
      )}
      <div className="form-grid">
        <TextField label={t("documents.titleLabel")} name="title" value={title} maxLength={TEXT_LIMITS.name} error={at("title")} onChange={(e) => setTitle(e.target.value)} data-autofocus />
        <LanguageSelect name="language" value={language} emptyLabel={t("documents.anyLanguage")} onChange={setLanguage} />
        <TextField label={t("documents.tags")} name="tags" value={tags} hint={t("documents.tagsHint")} error={at("tags")} onChange={(e) => setTags(e.target.value)} />
      </div>
      <div className="cadence-editor-actions">
        <span className="spacer" />
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="button button-primary" disabled={busy} data-testid="document-save">
          {busy ? t("common.saving") : t("common.save")}
        </button>
      </div>
    </form>
  );
}
