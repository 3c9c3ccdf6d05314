import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { events, type EnrichAllFinished, type EnrichAllProgress } from "../bindings";
import { api, toApiError } from "../api/client";
import { useApp } from "../app/AppState";
import { CheckboxField } from "../components/Field";
import { Icon } from "../components/Icon";
import { useToast } from "../components/Toast";
import { useLocale } from "../i18n";

/** What a finished "Enrich all" did, in a sentence ("Enrichment done: 12 people enriched, 30 fields filled."). */
export function enrichAllSummary(t: TFunction, f: EnrichAllFinished): string {
  const people = t("enrichAll.people", { count: f.report.with_proposals });
  const fields = t("enrichAll.fields", { count: f.report.filled });
  return t(f.cancelled ? "enrichAll.cancelled" : "enrichAll.finished", { people, fields });
}

/**
 * "Enrich all" as it runs in the app's background: progress events (which also show a run started before
 * this card was opened) and the report at the end.
 */
function useEnrichAll() {
  const { t } = useTranslation();
  const toast = useToast();
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<EnrichAllProgress | null>(null);
  const [result, setResult] = useState<EnrichAllFinished | null>(null);

  useEffect(() => {
    const stops = [
      events.enrichAllProgress.listen((e) => {
        setRunning(true);
        setProgress(e.payload);
      }),
      events.enrichAllFinished.listen((e) => {
        setRunning(false);
        setProgress(null);
        if (e.payload.error) {
          toast.error(e.payload.error);
          return;
        }
        setResult(e.payload);
        toast.show(enrichAllSummary(t, e.payload), { kind: e.payload.cancelled ? "info" : "success" });
      }),
    ].map((p) => p.catch(() => null)); // Outside Tauri (unit tests) there is no shell to listen to.
    return () => stops.forEach((p) => void p.then((s) => s?.()));
  }, [t, toast]);

  const start = async () => {
    setResult(null);
    setProgress(null);
    setRunning(true);
    try {
      await api.enrichAllStart();
    } catch (e) {
      const err = toApiError(e);
      // One is already running (started elsewhere): its progress shows here as it comes.
      if (err.code === "conflict") toast.show(t("enrichAll.busy"), { kind: "info" });
      else {
        setRunning(false);
        toast.error(err);
      }
    }
  };
  const cancel = () => void api.enrichAllCancel().catch(toast.error);
  return { running, progress, result, start, cancel };
}

/** Settings › Enrichment: fill in from the email address on create and import, and "Enrich all". */
export function EnrichSettings({ save }: { save: (patch: { enrich_on_create: boolean }) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { settings } = useApp();
  const { running, progress, result, start, cancel } = useEnrichAll();
  const [done, total] = [progress?.done ?? 0, progress?.total ?? 0];

  return (
    <section className="card" data-testid="enrich-settings">
      <h2>{t("enrichAll.title")}</h2>
      <CheckboxField
        label={t("enrichAll.onCreate")}
        name="enrich_on_create"
        checked={settings.enrich_on_create}
        onChange={(v) => save({ enrich_on_create: v })}
      />
      <p className="muted small">{t("enrichAll.onCreateHint")}</p>
      <p className="muted small">{t("enrichAll.runIntro")}</p>
      <p>
        <button type="button" className="button" disabled={running} onClick={() => void start()} data-testid="enrich-all-start">
          <Icon name="people" /> {running ? t("enrichAll.running") : t("enrichAll.start")}
        </button>
      </p>
      {running && (
        <div className="import-progress enrich-progress" role="status" data-testid="enrich-all-progress">
          <progress max={Math.max(total, 1)} value={done} aria-label={t("enrichAll.label")} />
          <span className="muted small">
            {t("enrichAll.text", { count: total, done: done.toLocaleString(locale), total: total.toLocaleString(locale) })}
          </span>
          <button type="button" className="button" onClick={cancel} data-testid="enrich-all-cancel">
            {t("common.cancel")}
          </button>
        </div>
      )}
      {!running && result && (
        <p className="muted small" role="status" data-testid="enrich-all-result">
          {enrichAllSummary(t, result)}
        </p>
      )}
    </section>
  );
}
