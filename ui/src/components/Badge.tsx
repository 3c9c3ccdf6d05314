import { useTranslation } from "react-i18next";
import type { DealStatus, LeadStatus, Lifecycle } from "../bindings";

export type Tone = "neutral" | "info" | "success" | "warning" | "danger" | "accent";

/** A status pill: the text always says what the colour means. */
export function Badge({ tone, children, title }: { tone: Tone; children: string; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

const LIFECYCLE_TONE: Record<Lifecycle, Tone> = { lead: "info", qualified: "accent", customer: "success", churned: "neutral" };
const LEAD_TONE: Record<LeadStatus, Tone> = { open: "warning", converted: "success", lost: "danger" };
const DEAL_TONE: Record<DealStatus, Tone> = { open: "info", won: "success", lost: "danger" };

export function LifecycleBadge({ value }: { value: Lifecycle }) {
  const { t } = useTranslation();
  return <Badge tone={LIFECYCLE_TONE[value]}>{t(`lifecycle.${value}`)}</Badge>;
}

export function LeadStatusBadge({ value }: { value: LeadStatus }) {
  const { t } = useTranslation();
  return <Badge tone={LEAD_TONE[value]}>{t(`leadStatus.${value}`)}</Badge>;
}

export function DealStatusBadge({ value }: { value: DealStatus }) {
  const { t } = useTranslation();
  return <Badge tone={DEAL_TONE[value]}>{t(`dealStatus.${value}`)}</Badge>;
}
