// Set up a campaign's A/B test: 2–4 variants (template and optional subject), the test share, the metric and
// its window. The core splits the members at random (seeded, recorded) into equal groups.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AbMetric, AbVariantInput } from "../bindings";
import { api } from "../api/client";
import { Dialog } from "../components/Dialog";
import { SelectField, TextField } from "../components/Field";
import { useToast } from "../components/Toast";
import { useQuery } from "../hooks/useQuery";

const METRICS: AbMetric[] = ["reply", "conversion"];
const MAX_VARIANTS = 4;

export function AbTestDialog({ campaignId, onClose }: { campaignId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const templates = useQuery(() => api.templatesList(), "templates", ["template"]);
  const first = templates.data?.[0]?.name ?? "";
  const [variants, setVariants] = useState<AbVariantInput[]>([
    { template: "", subject: null },
    { template: "", subject: null },
  ]);
  const [percent, setPercent] = useState("20");
  const [metric, setMetric] = useState<AbMetric>("reply");
  const [days, setDays] = useState("7");
  const set = (i: number, v: Partial<AbVariantInput>) => setVariants((all) => all.map((x, j) => (j === i ? { ...x, ...v } : x)));

  const save = async () => {
    try {
      await api.campaignsAbtestSetup(campaignId, {
        variants: variants.map((v) => ({ template: v.template || first, subject: v.subject?.trim() ? v.subject : null })),
        test_percent: Number(percent),
        metric,
        window_days: Number(days),
        seed: null,
      });
      onClose();
    } catch (e) {
      toast.error(e);
    }
  };

  return (
    <Dialog
      title={t("campaigns.abSetup")}
      onClose={onClose}
      testId="ab-setup-dialog"
      size="large"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="button" className="button button-primary" data-testid="ab-setup-save" onClick={() => void save()}>
            {t("campaigns.abSplit")}
          </button>
        </>
      }
    >
      {variants.map((v, i) => (
        <div className="inline-form" key={i} data-testid="ab-variant">
          <SelectField
            label={t("campaigns.variantName", { variant: i + 1 })}
            name={`variants.${i}.template`}
            value={v.template || first}
            options={(templates.data ?? []).map((x) => ({ value: x.name, label: x.name }))}
            onChange={(e) => set(i, { template: e.target.value })}
          />
          <TextField label={t("campaigns.abSubject")} name={`variants.${i}.subject`} value={v.subject ?? ""} onChange={(e) => set(i, { subject: e.target.value })} />
        </div>
      ))}
      {variants.length < MAX_VARIANTS && (
        <button type="button" className="button" data-testid="ab-add-variant" onClick={() => setVariants((all) => [...all, { template: "", subject: null }])}>
          {t("campaigns.abAddVariant")}
        </button>
      )}
      <div className="inline-form">
        <TextField label={t("campaigns.abPercent")} name="test_percent" type="number" min={1} max={100} value={percent} onChange={(e) => setPercent(e.target.value)} />
        <SelectField
          label={t("campaigns.abMetric")}
          name="metric"
          value={metric}
          options={METRICS.map((m) => ({ value: m, label: t(`campaigns.metrics.${m}`) }))}
          onChange={(e) => setMetric(e.target.value as AbMetric)}
        />
        <TextField label={t("campaigns.abDays")} name="window_days" type="number" min={1} value={days} onChange={(e) => setDays(e.target.value)} />
      </div>
    </Dialog>
  );
}
