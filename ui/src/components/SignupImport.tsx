// The Import page's parts for newsletter signups: the consent purpose and the optional follow-ups (a static
// segment, a campaign, a welcome cadence) before the import, and what became of the rows after it.
import { useTranslation } from "react-i18next";
import type { SignupImportStats, SignupOptions } from "../bindings";
import { api } from "../api/client";
import { SelectField } from "./Field";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";

export const NO_SIGNUP_OPTIONS: SignupOptions = { purpose: null, source: null, segment: null, campaign: null, cadence: null };

/** The purpose picker and the three optional follow-ups, listed from the core. */
export function SignupOptionsFields({ value, onChange }: { value: SignupOptions; onChange: (v: SignupOptions) => void }) {
  const { t } = useTranslation();
  const purposes = useQuery(() => api.consentPurposes(), "consent-purposes", ["person"]);
  const segments = useQuery(() => api.segmentsList(), "segments", ["segment"]);
  const campaigns = useQuery(() => api.campaignsList(), "campaigns", ["campaign"]);
  const cadences = useQuery(() => api.cadencesList(), "cadences", []);
  const none = { value: "", label: t("import.signups.none") };
  const pick = (key: keyof SignupOptions) => (e: { target: { value: string } }) => onChange({ ...value, [key]: e.target.value || null });
  return (
    <div className="import-signups" data-testid="import-signup-options">
      <SelectField
        label={t("import.signups.purpose")}
        name="signup_purpose"
        hint={t("import.signups.purposeHint")}
        value={value.purpose ?? ""}
        onChange={pick("purpose")}
        options={[{ value: "", label: t("import.signups.defaultPurpose") }, ...(purposes.data ?? []).map((p) => ({ value: p, label: p }))]}
      />
      <SelectField
        label={t("import.signups.segment")}
        name="signup_segment"
        hint={t("import.signups.segmentHint")}
        value={value.segment ?? ""}
        onChange={pick("segment")}
        options={[none, ...(segments.data ?? []).filter((s) => s.is_static).map((s) => ({ value: String(s.id), label: s.name }))]}
      />
      <SelectField
        label={t("import.signups.campaign")}
        name="signup_campaign"
        value={value.campaign ?? ""}
        onChange={pick("campaign")}
        options={[none, ...(campaigns.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))]}
      />
      <SelectField
        label={t("import.signups.cadence")}
        name="signup_cadence"
        value={value.cadence ?? ""}
        onChange={pick("cadence")}
        options={[none, ...(cadences.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))]}
      />
    </div>
  );
}

/** What a signups import made of its rows, and the consent claims it refused with their reasons. */
export function SignupResult({ stats }: { stats: SignupImportStats }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const n = (count: number) => count.toLocaleString(locale);
  return (
    <div className="import-signup-result" data-testid="import-signup-result">
      <p>
        {t("import.signups.summary", {
          created: n(stats.created),
          merged: n(stats.merged),
          consents: n(stats.consents_recorded),
          refused: n(stats.consents_refused.length),
        })}
      </p>
      {stats.segment_joined + stats.campaign_joined + stats.cadences_started > 0 && (
        <p>{t("import.signups.followUps", { segment: n(stats.segment_joined), campaign: n(stats.campaign_joined), cadence: n(stats.cadences_started) })}</p>
      )}
      {stats.consents_refused.length > 0 && (
        <div className="import-warnings">
          <h3>{t("import.signups.refused", { count: stats.consents_refused.length })}</h3>
          <ul>
            {stats.consents_refused.slice(0, 200).map((r) => (
              <li key={r.row} data-testid="import-consent-refused">
                {t("import.signups.refusedRow", { row: r.row, reason: t(`import.signups.reasons.${r.reason}`) })}
                {r.value ? ` (“${r.value}”)` : ""}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
