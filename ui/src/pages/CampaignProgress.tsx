// A campaign send's progress on the campaign page: sent of total, failed, with Pause / Resume while messages
// still wait in the outbox. The counts are the core's (`campaigns_progress`), refreshed when mail or the
// campaign changes.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { Icon } from "../components/Icon";
import { useToast } from "../components/Toast";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";

export function SendProgressCard({ id }: { id: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const progress = useQuery(() => api.campaignsProgress(id), `campaign-progress-${id}`, ["campaign", "mail"]);
  const p = progress.data;
  if (!p || (!p.running && !p.paused)) return null;
  const num = (n: number) => n.toLocaleString(locale);
  const toggle = async () => {
    setBusy(true);
    try {
      await (p.paused ? api.campaignsResume(id) : api.campaignsPause(id));
    } catch (e) {
      toast.error(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card campaign-progress" aria-labelledby="campaign-progress-title" data-testid="send-progress">
      <div className="card-header">
        <h2 id="campaign-progress-title">{p.paused ? t("campaigns.progress.paused") : t("campaigns.progress.sending")}</h2>
        <button type="button" className="button" data-testid={p.paused ? "send-resume" : "send-pause"} disabled={busy} onClick={toggle}>
          <Icon name={p.paused ? "send" : "clock"} /> {p.paused ? t("campaigns.progress.resume") : t("campaigns.progress.pause")}
        </button>
      </div>
      <progress max={Math.max(p.total, 1)} value={p.sent + p.failed} aria-label={t("campaigns.progress.label")} />
      <p className="campaign-progress-counts" data-testid="send-progress-counts">
        {t("campaigns.progress.counts", { sent: num(p.sent), total: num(p.total), failed: num(p.failed), queued: num(p.queued) })}
      </p>
    </section>
  );
}
