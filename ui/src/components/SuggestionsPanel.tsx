import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import type { Reason } from "../bindings";
import { SideSection } from "./RecordLayout";
import { useQuery } from "../hooks/useQuery";

const SHOWN = 5;

/** The reason a product is suggested, worded in the user's language from the core's typed reason. */
function ReasonText({ reason }: { reason: Reason }) {
  const { t } = useTranslation();
  const [a, b] = reason.anchors;
  if (!a) return <>{t("upsell.popular", { count: reason.buyers })}</>;
  const key = b ? "upsell.reasonTwo" : "upsell.reasonOne";
  return <>{t(key, { a: a.name, b: b?.name ?? "", count: reason.co_buyers })}</>;
}

/** A person's upsell suggestions (products they have not bought, ranked by the core's model) next to their
 * purchases, each with why. Refreshes when orders change. */
export function SuggestionsPanel({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const q = useQuery(() => api.upsellSuggest(personId, SHOWN), `upsell-${personId}`, ["order"]);
  const suggestions = q.data ?? [];
  return (
    <SideSection title={t("upsell.title")}>
      <div data-testid="suggestions">
        {suggestions.length === 0 ? (
          <p className="muted small">{q.loading ? t("common.loading") : t("upsell.none")}</p>
        ) : (
          <ul className="related-list">
            {suggestions.map((s) => (
              <li key={s.product_id}>
                <span>
                  {s.name} <span className="muted">{s.sku}</span>
                  <br />
                  <span className="muted small">
                    <ReasonText reason={s.reason} />
                  </span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </SideSection>
  );
}
