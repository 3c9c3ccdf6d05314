import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { useApp } from "../app/AppState";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { explainSentence, num } from "../lib/scoring";
import { SideSection } from "./RecordLayout";
import { ScoreBadge } from "./ScoreBadge";

/** The lead's score with the reasons behind it, largest first, in the user's language. */
export function LeadScore({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const { fieldsFor } = useApp();
  const locale = useLocale();
  const q = useQuery(() => api.leadExplain(personId), `score-${personId}`, ["person", "activity"]);
  const e = q.data;
  if (!e) return null;
  return (
    <SideSection title={t("scoring.score")}>
      <div data-testid="lead-score">
        {e.score === null ? (
          <p className="muted small">{t("scoring.unscored")}</p>
        ) : (
          <p>
            <ScoreBadge score={e.score} band={e.band} />{" "}
            {e.probability !== null && <span className="muted small">{t("scoring.probability", { percent: Math.round(num(e.probability) * 100) })}</span>}
          </p>
        )}
        {e.contributions.length > 0 && (
          <ul className="score-reasons">
            {e.contributions.map((c, i) => (
              <li key={i} className={num(c.points) >= 0 ? "up" : "down"}>
                <span aria-hidden="true">{num(c.points) >= 0 ? "▲" : "▼"}</span> {explainSentence(t, c, fieldsFor("person"), locale)}
              </li>
            ))}
          </ul>
        )}
      </div>
    </SideSection>
  );
}
