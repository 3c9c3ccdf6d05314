import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatYmd } from "../lib/dates";
import { navigate } from "../lib/router";

const SHOWN = 5;

/** Customers due for a check-in: they have not ordered for longer than their usual interval (the core's
 * median gap between their orders). Hidden when nobody is due. */
export function CheckInsCard() {
  const { t } = useTranslation();
  const locale = useLocale();
  const due = useQuery(() => api.upsellCheckins(SHOWN), "upsell-checkins", ["order", "person"]).data ?? [];
  if (due.length === 0) return null;
  return (
    <section className="today-group" aria-label={t("checkins.title")} data-testid="today-checkins">
      <h2>{t("checkins.title")}</h2>
      <ul className="related-list">
        {due.map((c) => (
          <li key={c.person_id}>
            <button type="button" className="link-button" onClick={() => navigate({ page: "person", id: c.person_id })}>
              {c.name}
            </button>
            <span className="muted small">
              {t("checkins.usual", { count: c.median_gap_days, date: formatYmd(c.last_ordered_on, locale), since: c.days_since })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
