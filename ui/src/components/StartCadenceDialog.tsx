import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, toApiError } from "../api/client";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { summarizeSteps } from "../lib/cadence";
import { Dialog } from "./Dialog";
import { EmptyState, Skeleton } from "./EmptyState";
import { useToast } from "./Toast";

type Props = { person: { id: number; title: string }; onClose: () => void };

/**
 * Picks a cadence and plans its follow-ups for one person. Shared by the person page and the task form.
 * The core refuses a cadence that is still running for the person; that is said here, in words.
 */
export function StartCadenceDialog({ person, onClose }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const q = useQuery(() => api.cadencesList(), "cadences", []);
  const cadences = q.data ?? [];
  const [picked, setChosen] = useState<number | null>(null);
  // The first cadence is preselected: most people have just the default.
  const chosen = picked ?? cadences[0]?.id ?? null;
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);

  const apply = async () => {
    const cadence = cadences.find((c) => c.id === chosen);
    if (!cadence || busy) return;
    setBusy(true);
    setConflict(null);
    try {
      const tasks = await api.cadencesApply(cadence.id, person.id);
      onClose();
      toast.show(t("cadences.applied", { count: tasks.length, name: person.title }), { kind: "success" });
    } catch (e) {
      setBusy(false);
      if (toApiError(e).code === "conflict") setConflict(t("cadences.running", { cadence: cadence.name, name: person.title }));
      else toast.error(e);
    }
  };

  return (
    <Dialog
      title={t("cadences.startTitle", { name: person.title })}
      onClose={onClose}
      testId="cadence-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="button" className="button button-primary" data-testid="cadence-apply" disabled={chosen === null || busy} onClick={() => void apply()}>
            {t("cadences.apply")}
          </button>
        </>
      }
    >
      {q.loading && !q.data ? (
        <Skeleton lines={3} />
      ) : cadences.length === 0 ? (
        <EmptyState icon="tasks" title={t("cadences.none")} hint={t("cadences.noneHint")} action={<a href="#/settings" onClick={onClose}>{t("nav.settings")}</a>} />
      ) : (
        <fieldset className="cadence-choices">
          <legend className="sr-only">{t("cadences.title")}</legend>
          {cadences.map((c) => (
            <label key={c.id} className={`cadence-choice ${c.id === chosen ? "is-selected" : ""}`} data-testid="cadence-option">
              <input type="radio" name="cadence_id" value={c.id} checked={c.id === chosen} onChange={() => (setChosen(c.id), setConflict(null))} data-autofocus={c.id === chosen ? true : undefined} />
              <span>
                <span className="strong">{c.name}</span>
                <span className="muted small cadence-summary">{summarizeSteps(t, c.steps, locale)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {conflict && (
        <p className="field-error cadence-conflict" role="alert" data-testid="cadence-conflict">
          {conflict}
        </p>
      )}
      <p className="muted small">{t("cadences.stopsHint")}</p>
    </Dialog>
  );
}
