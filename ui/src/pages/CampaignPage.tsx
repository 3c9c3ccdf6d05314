// One campaign: report figures (attribution model chosen here), members with their responses, costs, the
// A/B results, and the actions: add members from a segment, send.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AbReport, AttributionModel, CampaignMember, CampaignReport } from "../bindings";
import { api } from "../api/client";
import { Badge } from "../components/Badge";
import { EmptyState, Skeleton } from "../components/EmptyState";
import { SelectField, TextField } from "../components/Field";
import { Icon } from "../components/Icon";
import { useToast } from "../components/Toast";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatDayTime, formatYmd, isYmd } from "../lib/dates";
import { formatMoney, parseMoney } from "../lib/money";
import { AbTestDialog } from "./AbTestDialog";
import { CampaignChart } from "./CampaignChart";
import { AddMembersDialog, SendDialog } from "./CampaignDialogs";
import { SendProgressCard } from "./CampaignProgress";

const MODELS: AttributionModel[] = ["first_touch", "last_touch", "linear"];
const RESPONSES = ["queued_at", "sent_at", "bounced_at", "replied_at", "unsubscribed_at", "converted_at"] as const;

export function CampaignPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const campaign = useQuery(() => api.campaignsGet(id), `campaign-${id}`, ["campaign"]);
  const ab = useQuery(() => api.campaignsAbtest(id), `campaign-ab-${id}`, ["campaign", "mail", "deal"]);
  const [dialog, setDialog] = useState<"members" | "send" | "ab" | null>(null);
  const c = campaign.data;
  if (!c) return <section className="page">{campaign.error ? <EmptyState icon="warning" title={campaign.error.message} /> : <Skeleton />}</section>;
  return (
    <section className="page campaign-page" data-testid="campaign-page" aria-labelledby="campaign-title">
      <header className="page-header">
        <div>
          <h1 id="campaign-title">{c.name}</h1>
          <p className="page-subtitle">
            <Badge tone="info">{t(`campaigns.channels.${c.channel}`)}</Badge> {t("campaigns.purposeIs", { purpose: c.purpose })}
          </p>
        </div>
        <div className="page-header-actions">
          <button type="button" className="button" data-testid="add-members" onClick={() => setDialog("members")}>
            <Icon name="people" /> {t("campaigns.addMembers")}
          </button>
          {c.channel === "email" && !ab.data && (
            <button type="button" className="button" data-testid="ab-setup" onClick={() => setDialog("ab")}>
              {t("campaigns.abSetup")}
            </button>
          )}
          {c.channel === "email" && (
            <button type="button" className="button button-primary" data-testid="send-campaign" onClick={() => setDialog("send")}>
              <Icon name="send" /> {t("campaigns.send")}
            </button>
          )}
        </div>
      </header>
      {c.channel === "email" && <SendProgressCard id={id} />}
      <ReportFigures id={id} />
      {ab.data && <AbResults report={ab.data} />}
      <Members id={id} />
      <Costs id={id} currency={c.currency} />
      {dialog === "members" && <AddMembersDialog campaignId={id} onClose={() => setDialog(null)} />}
      {dialog === "ab" && <AbTestDialog campaignId={id} onClose={() => setDialog(null)} />}
      {dialog === "send" && <SendDialog campaignId={id} ab={ab.data ?? null} onClose={() => setDialog(null)} />}
    </section>
  );
}

function ReportFigures({ id }: { id: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [model, setModel] = useState<AttributionModel>("last_touch");
  const report = useQuery(() => api.campaignsReport(id, model), `campaign-report-${id}-${model}`, ["campaign", "mail", "deal", "person"]);
  const r: CampaignReport | undefined = report.data;
  const num = (n: number | null) => (n ?? 0).toLocaleString(locale, { maximumFractionDigits: 2 });
  const money = (m: number | null) => (m === null ? "–" : formatMoney(m, r?.currency ?? "EUR", locale));
  const figures: [string, string][] = r
    ? [
        ["members", num(r.members)],
        ["queued", num(r.queued)],
        ["sent", num(r.sent)],
        ["replied", num(r.replied)],
        ["bounced", num(r.bounced)],
        ["unsubscribed", num(r.unsubscribed)],
        ["converted", num(r.converted)],
        ["leads", num(r.leads)],
        ["wonDeals", num(r.won_deals)],
        ["revenue", money(r.revenue_minor)],
        ["cost", money(r.cost_minor)],
        ["costPerLead", money(r.cost_per_lead_minor)],
        ["costPerAcquisition", money(r.cost_per_acquisition_minor)],
        ["returnOnSpend", r.return_on_spend === null ? "–" : r.return_on_spend.toLocaleString(locale, { style: "percent", maximumFractionDigits: 0 })],
      ]
    : [];
  return (
    <section className="card" aria-labelledby="campaign-report-title" data-testid="campaign-report">
      <div className="card-header">
        <h2 id="campaign-report-title">{t("campaigns.report")}</h2>
        <SelectField
          label={t("campaigns.model")}
          name="model"
          value={model}
          options={MODELS.map((m) => ({ value: m, label: t(`campaigns.models.${m}`) }))}
          onChange={(e) => setModel(e.target.value as AttributionModel)}
        />
      </div>
      <dl className="campaign-figures">
        {figures.map(([key, value]) => (
          <div key={key} data-testid={`figure-${key}`}>
            <dt>{t(`campaigns.figures.${key}`)}</dt>
            <dd className="num">{value}</dd>
          </div>
        ))}
      </dl>
      {r && r.documents_sent.length > 0 && (
        <div data-testid="campaign-documents-sent">
          <h3 className="small">{t("documents.sent")}</h3>
          <ul className="custom-field-list">
            {r.documents_sent.map((d) => (
              <li key={`${d.document_id ?? "gone"}-${d.title}`} data-testid="campaign-document-sent">
                <span>{d.title}</span> <span className="muted small num">{t("documents.sentTimes", { count: d.count })}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {r && <CampaignChart report={r} name={`campaign-${id}-${model}`} money={money} locale={locale} />}
    </section>
  );
}

function AbResults({ report }: { report: AbReport }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const pct = (x: number | null) => (x ?? 0).toLocaleString(locale, { style: "percent", maximumFractionDigits: 1 });
  return (
    <section className="card" aria-labelledby="ab-title" data-testid="ab-results">
      <h2 id="ab-title">{t("campaigns.abTitle", { metric: t(`campaigns.metrics.${report.metric}`), days: report.window_days })}</h2>
      <table className="simple-table">
        <thead>
          <tr>
            <th>{t("campaigns.variant")}</th>
            <th className="num">n</th>
            <th className="num">{t("campaigns.successes")}</th>
            <th className="num">{t("campaigns.rate")}</th>
            <th>{t("campaigns.interval")}</th>
            <th className="num">{t("campaigns.pValue")}</th>
          </tr>
        </thead>
        <tbody>
          {report.variants.map((v) => (
            <tr key={v.variant} data-testid="ab-row">
              <td>
                {t("campaigns.variantName", { variant: v.variant + 1 })}: {v.subject ?? v.template}
              </td>
              <td className="num">{v.n.toLocaleString(locale)}</td>
              <td className="num">{v.successes.toLocaleString(locale)}</td>
              <td className="num">{pct(v.rate)}</td>
              <td>
                {pct(v.low)} – {pct(v.high)}
              </td>
              <td className="num">{v.p_value === null ? "–" : v.p_value.toLocaleString(locale, { maximumSignificantDigits: 3 })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="ab-verdict">
        {report.winner !== null ? t("campaigns.winner", { variant: report.winner + 1 }) : t("campaigns.noWinner")}
      </p>
    </section>
  );
}

function Members({ id }: { id: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const members = useQuery(() => api.campaignsMembers(id), `campaign-members-${id}`, ["campaign", "mail", "deal", "person"]);
  const rows: CampaignMember[] = members.data ?? [];
  return (
    <section className="card" aria-labelledby="members-title">
      <h2 id="members-title">{t("campaigns.membersTitle", { count: rows.length })}</h2>
      {members.data && rows.length === 0 && <EmptyState icon="people" title={t("campaigns.noMembers")} hint={t("campaigns.noMembersHint")} />}
      {rows.length > 0 && (
        <table className="simple-table" data-testid="member-list">
          <thead>
            <tr>
              <th>{t("campaigns.person")}</th>
              <th>{t("campaigns.email")}</th>
              {RESPONSES.map((r) => (
                <th key={r}>{t(`campaigns.responses.${r}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.person_id} data-testid="member-row">
                <td>
                  <a href={`#/people/${m.person_id}`}>{m.name}</a>
                  {m.variant !== null && <Badge tone="accent">{t("campaigns.variantName", { variant: m.variant + 1 })}</Badge>}
                </td>
                <td>{m.email ?? "–"}</td>
                {RESPONSES.map((r) => (
                  <td key={r}>{m[r] === null ? "" : formatDayTime(m[r] as number, locale)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Costs({ id, currency }: { id: number; currency: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const costs = useQuery(() => api.campaignsCosts(id), `campaign-costs-${id}`, ["campaign"]);
  const [date, setDate] = useState("");
  const [amount, setAmount] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<"invalid_date" | "invalid_value" | undefined>();
  const add = async () => {
    const minor = parseMoney(amount, locale, currency);
    if (!isYmd(date)) return setError("invalid_date");
    if (minor === null) return setError("invalid_value");
    setError(undefined);
    try {
      await api.campaignsAddCost(id, { spent_on: date, amount_minor: minor, note: note.trim() || null });
      setAmount("");
      setNote("");
    } catch (e) {
      toast.error(e);
    }
  };
  return (
    <section className="card" aria-labelledby="costs-title">
      <h2 id="costs-title">{t("campaigns.costs")}</h2>
      {(costs.data ?? []).length > 0 && (
        <table className="simple-table" data-testid="cost-list">
          <tbody>
            {(costs.data ?? []).map((c) => (
              <tr key={c.id} data-testid="cost-row">
                <td>{formatYmd(c.spent_on, locale)}</td>
                <td className="num">{formatMoney(c.amount_minor, currency, locale)}</td>
                <td>{c.note ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="inline-form">
        <TextField label={t("campaigns.costDate")} name="spent_on" type="date" value={date} error={error === "invalid_date" ? error : undefined} onChange={(e) => setDate(e.target.value)} />
        <TextField label={t("campaigns.costAmount", { currency })} name="amount_minor" value={amount} error={error === "invalid_value" ? error : undefined} onChange={(e) => setAmount(e.target.value)} />
        <TextField label={t("campaigns.costNote")} name="note" value={note} onChange={(e) => setNote(e.target.value)} />
        <button type="button" className="button" data-testid="cost-add" onClick={() => void add()}>
          {t("campaigns.addCost")}
        </button>
      </div>
    </section>
  );
}
