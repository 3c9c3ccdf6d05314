// Campaigns: the list with members and cost, and the New campaign dialog.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CAMPAIGN_CHANNELS, type CampaignChannel, type CampaignInput } from "../bindings";
import { api, ApiError } from "../api/client";
import { Badge } from "../components/Badge";
import { Dialog } from "../components/Dialog";
import { EmptyState } from "../components/EmptyState";
import { SelectField, TextField } from "../components/Field";
import { Icon } from "../components/Icon";
import { useToast } from "../components/Toast";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatMoney, parseMoney } from "../lib/money";
import { navigate } from "../lib/router";

export function CampaignsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const list = useQuery(() => api.campaignsList(), "campaigns", ["campaign"]);
  const [creating, setCreating] = useState(false);
  const rows = list.data ?? [];
  return (
    <section className="page campaigns-page" data-testid="campaigns-page" aria-labelledby="campaigns-title">
      <header className="page-header">
        <div>
          <h1 id="campaigns-title">{t("campaigns.title")}</h1>
          <p className="page-subtitle">{t("campaigns.subtitle")}</p>
        </div>
        <div className="page-header-actions">
          <button type="button" className="button button-primary" data-testid="new-campaign" onClick={() => setCreating(true)}>
            <Icon name="plus" /> {t("campaigns.new")}
          </button>
        </div>
      </header>
      {list.data && rows.length === 0 && (
        <EmptyState
          icon="send"
          title={t("campaigns.empty")}
          hint={t("campaigns.emptyHint")}
          action={
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              {t("campaigns.new")}
            </button>
          }
        />
      )}
      {rows.length > 0 && (
        <table className="simple-table" data-testid="campaign-list">
          <thead>
            <tr>
              <th>{t("campaigns.name")}</th>
              <th>{t("campaigns.channel")}</th>
              <th>{t("campaigns.purpose")}</th>
              <th className="num">{t("campaigns.members")}</th>
              <th className="num">{t("campaigns.cost")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id} data-testid="campaign-row">
                <td>
                  <a href={`#/campaigns/${c.id}`} className="strong">
                    {c.name}
                  </a>
                </td>
                <td>
                  <Badge tone="info">{t(`campaigns.channels.${c.channel}`)}</Badge>
                </td>
                <td>{c.purpose}</td>
                <td className="num">{c.members.toLocaleString(locale)}</td>
                <td className="num">{formatMoney(c.cost_minor, c.currency, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating && <NewCampaignDialog onClose={() => setCreating(false)} />}
    </section>
  );
}

function NewCampaignDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const [name, setName] = useState("");
  const [purpose, setPurpose] = useState("");
  const [channel, setChannel] = useState<CampaignChannel>("email");
  const [budget, setBudget] = useState("");
  const [currency, setCurrency] = useState("");
  const [errors, setErrors] = useState<Record<string, ApiError["code"]>>({});

  const save = async () => {
    const missing: Record<string, ApiError["code"]> = {};
    if (!name.trim()) missing.name = "required";
    if (!purpose.trim()) missing.purpose = "required";
    const budgetMinor = budget.trim() ? parseMoney(budget, locale, currency || "EUR") : null;
    if (budget.trim() && budgetMinor === null) missing.budget_minor = "invalid_value";
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    const input: CampaignInput = {
      name,
      channel,
      goal: null,
      purpose,
      starts_on: null,
      ends_on: null,
      owner: null,
      budget_minor: budgetMinor,
      currency,
      conversion_days: null,
    };
    try {
      const c = await api.campaignsAdd(input);
      onClose();
      navigate({ page: "campaign", id: c.id });
    } catch (e) {
      if (e instanceof ApiError && e.field) setErrors({ [e.field]: e.code });
      else toast.error(e);
    }
  };

  return (
    <Dialog
      title={t("campaigns.new")}
      onClose={onClose}
      testId="new-campaign-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="button" className="button button-primary" data-testid="campaign-save" onClick={() => void save()}>
            {t("common.save")}
          </button>
        </>
      }
    >
      <TextField label={t("campaigns.name")} name="name" value={name} error={errors.name} onChange={(e) => setName(e.target.value)} data-autofocus />
      <SelectField
        label={t("campaigns.channel")}
        name="channel"
        value={channel}
        options={CAMPAIGN_CHANNELS.map((c) => ({ value: c, label: t(`campaigns.channels.${c}`) }))}
        onChange={(e) => setChannel(e.target.value as CampaignChannel)}
      />
      <TextField
        label={t("campaigns.purpose")}
        name="purpose"
        hint={t("campaigns.purposeHint")}
        value={purpose}
        error={errors.purpose}
        onChange={(e) => setPurpose(e.target.value)}
      />
      <TextField label={t("campaigns.budget")} name="budget_minor" value={budget} error={errors.budget_minor} onChange={(e) => setBudget(e.target.value)} />
      <TextField label={t("campaigns.currency")} name="currency" hint={t("campaigns.currencyHint")} value={currency} error={errors.currency} onChange={(e) => setCurrency(e.target.value.toUpperCase())} />
    </Dialog>
  );
}
