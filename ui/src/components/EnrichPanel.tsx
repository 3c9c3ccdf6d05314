import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Proposal } from "../bindings";
import { api } from "../api/client";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { SideSection } from "./RecordLayout";
import { useToast } from "./Toast";

/** Fields shown by their own value (a company id is shown through its name, which is proposed beside it). */
const HIDDEN = new Set(["company_id"]);
const YES_NO = new Set(["free_mail", "disposable"]);
/** The person fields apply can fill (the core fills only empty ones). */
const FILLABLE = new Set(["first_name", "last_name", "company_name", "country", "language"]);

/**
 * What enrichment proposes from the person's email address (field, value, where it comes from, how sure), with
 * Apply (fills only empty fields, as the core decides) and Undo of what it filled before.
 */
export function EnrichPanel({ personId, isEmpty }: { personId: number; isEmpty: (field: string) => boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const q = useQuery(() => api.enrichPerson(personId), `enrich-${personId}`, ["person", "company"]);
  const [busy, setBusy] = useState(false);
  const proposals = (q.data?.proposals ?? []).filter((p) => !HIDDEN.has(p.field));
  const filled = q.data?.filled ?? [];
  // Shown when something can be filled in or taken back; the other proposals (domain, free mail, time zone)
  // are context for those, not news on every fully typed-in person.
  const fillable = proposals.some((p) => FILLABLE.has(p.field) && isEmpty(p.field));
  if (!q.data || (!fillable && filled.length === 0)) return null;

  const value = (p: Pick<Proposal, "field" | "value">) =>
    YES_NO.has(p.field) ? t(p.value === "true" ? "enrich.yes" : "enrich.no") : p.value;
  const run = (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    work().then(
      () => toast.show(t(done), { kind: "success" }),
      (e) => toast.error(e),
    ).finally(() => setBusy(false));
  };

  return (
    <SideSection title={t("enrich.title")}>
      <p className="muted">{t("enrich.intro")}</p>
      <table className="enrich-table" data-testid="enrich-proposals">
        <tbody>
          {proposals.map((p) => (
            <tr key={`${p.field}-${p.source}`}>
              <th scope="row">{t(`enrich.field.${p.field}`, { defaultValue: p.field })}</th>
              <td>
                {value(p)}
                <div className="enrich-source">
                  {t(`enrich.source.${p.source}`, { defaultValue: p.source })} ·{" "}
                  {new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(p.confidence ?? 0)}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {filled.length > 0 && (
        <p className="muted" data-testid="enrich-filled">
          {t("enrich.filled", { fields: filled.map((f) => t(`enrich.field.${f.field}`, { defaultValue: f.field })).join(", ") })}
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button" data-testid="enrich-apply" disabled={busy} onClick={() => run(() => api.enrichApply(personId), "enrich.applied")}>
          {t("enrich.apply")}
        </button>
        {filled.length > 0 && (
          <button type="button" className="button" data-testid="enrich-undo" disabled={busy} onClick={() => run(() => api.enrichUndo(personId), "enrich.undone")}>
            {t("enrich.undo")}
          </button>
        )}
      </div>
    </SideSection>
  );
}
