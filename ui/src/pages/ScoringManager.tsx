import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { events, type ModelSummary, type RescoreProgress, type RuleSuggestion } from "../bindings";
import { api, toApiError } from "../api/client";
import { useApp } from "../app/AppState";
import { Icon } from "../components/Icon";
import { useToast } from "../components/Toast";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatDateTime } from "../lib/dates";
import { attributeLabel, num, rocPath, twoDecimals, valueText } from "../lib/scoring";
import { WhatConverted } from "./WhatConverted";
import { ScoringRules } from "./ScoringRules";

const CHART = 120;

function RocChart({ model }: { model: ModelSummary }) {
  const locale = useLocale();
  const { t } = useTranslation();
  return (
    <svg className="roc-chart" width={CHART} height={CHART} viewBox={`0 0 ${CHART} ${CHART}`} role="img" aria-label={t("scoring.rocLabel", { auc: twoDecimals(model.auc, locale) })}>
      <rect x="0" y="0" width={CHART} height={CHART} fill="none" stroke="currentColor" strokeOpacity="0.25" />
      <line x1="0" y1={CHART} x2={CHART} y2="0" stroke="currentColor" strokeOpacity="0.3" strokeDasharray="4 3" />
      <path d={rocPath(model.roc, CHART)} fill="none" stroke="var(--accent, #5b32c9)" strokeWidth="2" />
    </svg>
  );
}

/** Settings › Scoring: the learned model with its accuracy, the rules, and suggested rules from history. */
export function ScoringManager() {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const { fieldsFor } = useApp();
  const defs = fieldsFor("person");
  const model = useQuery(() => api.scoringModelSummary(), "scoring-model", []);
  const rules = useQuery(() => api.scoringRulesList(), "scoring-rules", ["person"]);
  const suggestions = useQuery(() => api.scoringSuggestions(), "scoring-suggestions", ["person"]);
  const [training, setTraining] = useState(false);
  const [progress, setProgress] = useState<RescoreProgress | null>(null);
  const m = model.data ?? null;

  // The rescore after training runs in the background and reports how far it is.
  useEffect(() => {
    if (!training) return;
    const stop = events.rescoreProgress
      .listen((e) => setProgress(e.payload))
      // Outside Tauri (unit tests) there is no shell to listen to.
      .catch(() => null);
    return () => void stop.then((s) => s?.());
  }, [training]);

  const train = async () => {
    setTraining(true);
    setProgress(null);
    try {
      const r = await api.scoringTrain();
      toast.show(t("scoring.trained", { count: r.rescored, auc: twoDecimals(r.model.auc, locale) }), { kind: "success" });
      model.reload();
      suggestions.reload();
    } catch (e) {
      const err = toApiError(e);
      if (err.field === "lead_status") toast.show(t("scoring.notEnoughHistory"), { kind: "error" });
      else if (err.code === "conflict") toast.show(t("scoringProgress.cancelled"), { kind: "info" });
      else toast.error(err);
      model.reload();
    } finally {
      setTraining(false);
    }
  };

  const makeRule = async (s: RuleSuggestion) => {
    try {
      await api.scoringRulesAdd({ name: "", attribute: s.attribute, op: s.op, value: s.value, points: s.suggested_points, enabled: true });
      rules.reload();
      toast.show(t("toast.saved"), { kind: "success" });
    } catch (e) {
      toast.error(e);
    }
  };

  const pct = (x: number | null) => `${Math.round(num(x) * 100)}%`;
  const isRule = (s: RuleSuggestion) =>
    (rules.data ?? []).some((r) => r.attribute === s.attribute && r.op === s.op && (r.value ?? "").toLowerCase() === s.value.toLowerCase());

  return (
    <section className="card scoring-card" data-testid="scoring-manager">
      <h2>{t("scoring.title")}</h2>
      <p className="muted small">{t("scoring.intro")}</p>
      <div className="scoring-model">
        {m ? (
          <>
            <RocChart model={m} />
            <dl className="field-list">
              <div className="field-list-row">
                <dt>{t("scoring.auc")}</dt>
                <dd data-testid="scoring-auc">{twoDecimals(m.auc, locale)}</dd>
              </div>
              <div className="field-list-row">
                <dt>{t("scoring.trainedOn")}</dt>
                <dd>{t("scoring.trainedOnValue", { count: m.rows, converted: m.converted })}</dd>
              </div>
              <div className="field-list-row">
                <dt>{t("scoring.measuredOn")}</dt>
                <dd>{t("scoring.measuredOnValue", { count: m.holdout_rows })}</dd>
              </div>
              <div className="field-list-row">
                <dt>{t("scoring.trainedAt")}</dt>
                <dd>{formatDateTime(m.trained_at, locale)}</dd>
              </div>
            </dl>
          </>
        ) : (
          <p className="muted small">{t("scoring.noModel")}</p>
        )}
      </div>
      <button type="button" className="button" disabled={training} onClick={() => void train()} data-testid="scoring-train">
        <Icon name="repeat" /> {training ? t("scoring.training") : t("scoring.trainNow")}
      </button>
      {training && progress && progress.total > 0 && (
        <div className="scoring-progress" role="status" data-testid="scoring-progress">
          <progress max={progress.total} value={progress.done} aria-label={t("scoringProgress.label")} />
          <span className="muted small">
            {t("scoringProgress.text", { done: progress.done.toLocaleString(locale), total: progress.total.toLocaleString(locale) })}
          </span>
          <button type="button" className="button" onClick={() => void api.scoringRescoreCancel()} data-testid="scoring-rescore-cancel">
            {t("common.cancel")}
          </button>
        </div>
      )}
      <ScoringRules rules={rules.data ?? []} onChanged={rules.reload} />
      <WhatConverted />
      <h3>{t("scoring.suggestions")}</h3>
      <p className="muted small">{t("scoring.suggestionsIntro")}</p>
      {(suggestions.data ?? []).length === 0 ? (
        <p className="muted small">{t("scoring.noSuggestions")}</p>
      ) : (
        <table className="scoring-suggestions" data-testid="scoring-suggestions">
          <thead>
            <tr>
              <th>{t("scoring.criterion")}</th>
              <th>{t("scoring.leads")}</th>
              <th>{t("scoring.rate")}</th>
              <th>{t("scoring.lift")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(suggestions.data ?? []).map((s) => (
              <tr key={`${s.attribute}:${s.op}:${s.value}`} data-testid="scoring-suggestion">
                <td>{t(`scoring.op.${s.op}`, { attribute: attributeLabel(t, s.attribute, defs), value: valueText(t, s.value) })}</td>
                <td>{s.leads}</td>
                <td title={t("scoring.interval", { low: pct(s.rate_low), high: pct(s.rate_high), baseline: pct(s.baseline) })}>
                  {pct(s.rate)} <span className="muted small">({pct(s.rate_low)}–{pct(s.rate_high)})</span>
                </td>
                <td>{`×${twoDecimals(s.lift, locale)}`}</td>
                <td>
                  {isRule(s) ? (
                    <span className="muted small" data-testid="scoring-suggestion-added">
                      {t("scoringProgress.ruleAdded")}
                    </span>
                  ) : (
                    <button type="button" className="button" onClick={() => void makeRule(s)} data-testid="scoring-suggestion-add">
                      {t("scoring.makeRule", { points: s.suggested_points > 0 ? `+${s.suggested_points}` : String(s.suggested_points) })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
