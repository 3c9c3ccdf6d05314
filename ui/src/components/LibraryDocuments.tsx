import { useTranslation } from "react-i18next";
import type { ErrorCode } from "../bindings";
import { api } from "../api/client";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { fileSize } from "../lib/templates";
import { SelectField } from "./Field";
import { Icon } from "./Icon";

type Props = { attached: number[]; onAttach: (id: number) => void; onDetach: (id: number) => void; error?: ErrorCode };

/** Library documents attached to a template or a message, and "Attach from library" to add one. Sending
 * one logs "Sent <title>" on the person's timeline. */
export function LibraryDocuments({ attached, onAttach, onDetach, error }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const library = useQuery(() => api.documentsList({ text: null, language: null, tag: null }), "library-documents", ["template"]);
  const all = library.data ?? [];
  const chosen = attached.map((id) => all.find((d) => d.id === id)).filter((d) => d !== undefined);
  const free = all.filter((d) => !attached.includes(d.id));
  return (
    <div className="library-documents" data-testid="library-documents">
      {chosen.length > 0 && (
        <ul className="custom-field-list" data-testid="library-documents-attached">
          {chosen.map((d) => (
            <li key={d.id} data-testid="library-document" data-id={d.id}>
              <Icon name="attach" size={14} /> <span>{d.title}</span> <span className="muted small">{d.file_name} · {fileSize(d.size, locale)}</span>
              <button type="button" className="icon-button danger" aria-label={t("common.removeItem", { item: d.title })} onClick={() => onDetach(d.id)}>
                <Icon name="trash" size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {library.data && all.length === 0 ? (
        <p className="muted small">{t("documents.noneToAttach")}</p>
      ) : (
        free.length > 0 && (
          <SelectField
            label={t("documents.fromLibrary")}
            name="library-document"
            value=""
            error={error}
            options={[{ value: "", label: t("documents.choose") }, ...free.map((d) => ({ value: String(d.id), label: d.language ? `${d.title} (${d.language.toUpperCase()})` : d.title }))]}
            onChange={(e) => e.target.value !== "" && onAttach(Number(e.target.value))}
            data-testid="library-document-pick"
          />
        )
      )}
    </div>
  );
}
