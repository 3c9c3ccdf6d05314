import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Consent, ContactChannel, ErrorCode } from "../bindings";
import { api } from "../api/client";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatDateTime } from "../lib/dates";
import { SelectField, TextField } from "./Field";
import { SideSection } from "./RecordLayout";
import { useToast } from "./Toast";

const CHANNELS: ContactChannel[] = ["email", "phone", "sms", "chat", "visit", "post"];

/** The person's consents: current state per channel and purpose (withdraw), a form to record one, the history. */
export function ConsentPanel({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const q = useQuery(() => api.consentList(personId), `consent-${personId}`, ["person"]);
  const [channel, setChannel] = useState<ContactChannel>("email");
  const [purpose, setPurpose] = useState("");
  const [source, setSource] = useState("");
  const [error, setError] = useState<ErrorCode | undefined>();

  const record = (c: { channel: ContactChannel; purpose: string; status: "given" | "withdrawn"; source: string | null }) =>
    api.consentAdd({ person_id: personId, ...c, at: null, note: null }).then(
      () => {
        q.reload();
        setError(undefined);
        if (c.status === "given") setPurpose("");
      },
      (e) => (c.status === "given" && e?.field === "purpose" ? setError(e.code) : toast.error(e)),
    );

  const line = (c: Consent) =>
    `${t(`channel.${c.channel}`)} · ${c.purpose} · ${formatDateTime(c.at, locale)}${c.source ? ` · ${c.source}` : ""}`;

  return (
    <SideSection title={t("gdpr.consent")}>
      <ul className="consent-list" data-testid="consent-current">
        {q.data?.current.length === 0 && <li className="muted">{t("gdpr.noConsent")}</li>}
        {q.data?.current.map((c) => (
          <li key={c.id}>
            <span className={c.status === "given" ? "badge badge-success" : "badge badge-neutral"}>{t(`gdpr.status.${c.status}`)}</span> {line(c)}
            {c.status === "given" && (
              <button type="button" className="button" onClick={() => void record({ channel: c.channel, purpose: c.purpose, status: "withdrawn", source: null })}>
                {t("gdpr.withdraw")}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        className="consent-form"
        onSubmit={(e) => {
          e.preventDefault();
          void record({ channel, purpose, status: "given", source: source.trim() || null });
        }}
      >
        <SelectField label={t("gdpr.channel")} name="consent_channel" value={channel} options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} onChange={(e) => setChannel(e.target.value as ContactChannel)} />
        <TextField label={t("gdpr.purpose")} name="consent_purpose" value={purpose} error={error} placeholder={t("gdpr.purposePlaceholder")} onChange={(e) => setPurpose(e.target.value)} />
        <TextField label={t("gdpr.source")} name="consent_source" value={source} placeholder={t("gdpr.sourcePlaceholder")} onChange={(e) => setSource(e.target.value)} />
        <button type="submit" className="button" data-testid="consent-add">
          {t("gdpr.addConsent")}
        </button>
      </form>
      {q.data && q.data.history.length > 0 && (
        <details>
          <summary>{t("gdpr.history", { count: q.data.history.length })}</summary>
          <ul className="consent-list muted small">
            {q.data.history.map((c) => (
              <li key={c.id}>
                {t(`gdpr.status.${c.status}`)} · {line(c)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </SideSection>
  );
}
