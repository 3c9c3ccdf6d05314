import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import type { CheckInTasks } from "../bindings";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatYmd } from "../lib/dates";
import { navigate } from "../lib/router";
import { Icon } from "./Icon";
import { useToast } from "./Toast";

const SHOWN = 5;

/** Customers due for a check-in: they have not ordered for longer than their usual interval (the core's
 * median gap between their orders). Each can get a check-in task, or all of them at once (the core skips
 * customers who already have an open one). Hidden when nobody is due. */
export function CheckInsCard() {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const due = useQuery(() => api.upsellCheckins(SHOWN), "upsell-checkins", ["order", "person"]).data ?? [];
  if (due.length === 0) return null;
  const create = (personIds: number[] | null) => {
    setBusy(true);
    api
      .upsellCheckinTasks(personIds)
      .then(
        (r: CheckInTasks) => {
          const count = r.task_ids.length;
          toast.show(count ? t("checkins.created", { count }) : t("checkins.noneCreated"), { kind: count ? "success" : "info" });
        },
        (e) => toast.error(e),
      )
      .finally(() => setBusy(false));
  };
  return (
    <section className="today-group" aria-label={t("checkins.title")} data-testid="today-checkins">
      <div className="checkins-head">
        <h2>{t("checkins.title")}</h2>
        <button type="button" className="button" data-testid="checkin-create-all" disabled={busy} onClick={() => create(null)}>
          {t("checkins.createAll")}
        </button>
      </div>
      <ul className="related-list checkins-list">
        {due.map((c) => (
          <li key={c.person_id}>
            <button type="button" className="link-button" onClick={() => navigate({ page: "person", id: c.person_id })}>
              {c.name}
            </button>
            <span className="muted small">
              {t("checkins.usual", { count: c.median_gap_days, date: formatYmd(c.last_ordered_on, locale), since: c.days_since })}
            </span>
            <button
              type="button"
              className="button"
              data-testid="checkin-create-task"
              disabled={busy}
              aria-label={t("checkins.createTaskFor", { name: c.name })}
              onClick={() => create([c.person_id])}
            >
              <Icon name="plus" /> {t("checkins.createTask")}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
