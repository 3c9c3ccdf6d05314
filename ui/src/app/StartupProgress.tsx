import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { events, type StartupProgress as Progress } from "../bindings";
import { api } from "../api/client";
import { useLocale } from "../i18n";

/** The steps in the order the core takes them. */
const STEPS: Progress["step"][] = ["encrypt", "verify", "replace"];

/** How often the screen asks whether the data is open (the progress events may start before it listens). */
const POLL_MS = 500;

/**
 * Shown at start while the core opens the data first (a store from an earlier Relata being encrypted takes
 * minutes when it is large): the step and how far it is. When the data is open the app loads as usual.
 */
export function StartupProgress({ dataDir }: { dataDir: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [progress, setProgress] = useState<Progress | null>(null);

  useEffect(() => {
    const stop = events.startupProgress.listen((e) => setProgress(e.payload)).catch(() => null);
    const poll = window.setInterval(() => {
      void api.appInfo().then((info) => !info.opening && window.location.reload(), () => undefined);
    }, POLL_MS);
    return () => {
      window.clearInterval(poll);
      void stop.then((s) => s?.());
    };
  }, []);

  const step = progress?.step ?? "encrypt";
  const total = Math.max(progress?.total ?? 1, 1);
  const done = Math.min(progress?.done ?? 0, total);
  const percent = (Math.floor((done / total) * 100) / 100).toLocaleString(locale, { style: "percent" });
  return (
    <main className="startup-progress" role="status" aria-live="polite" data-testid="startup-progress">
      <h1>{t("startupProgress.title")}</h1>
      <p>{t("startupProgress.explain")}</p>
      <p>
        <strong data-testid="startup-step">{t(`startupProgress.steps.${step}`)}</strong>{" "}
        <span className="muted small">{t("startupProgress.stepOf", { n: STEPS.indexOf(step) + 1, total: STEPS.length })}</span>
      </p>
      <div className="import-progress">
        <progress max={total} value={done} aria-label={t(`startupProgress.steps.${step}`)} />
        <span className="muted small" data-testid="startup-percent">{percent}</span>
      </div>
      <p className="muted small">{t("startupProgress.keepOpen")}</p>
      <p className="muted small">{t("startup.dataDir", { dir: dataDir })}</p>
    </main>
  );
}
