import { useTranslation } from "react-i18next";
import type { ScoreBand } from "../bindings";
import { Badge, type Tone } from "./Badge";

const BAND_TONE: Record<ScoreBand, Tone> = { hot: "danger", warm: "warning", cold: "info" };

/** A lead's score with its band in words, so the colour is never the only signal. */
export function ScoreBadge({ score, band }: { score: number | null; band: ScoreBand | null }) {
  const { t } = useTranslation();
  if (score === null || band === null) return null;
  return (
    <Badge tone={BAND_TONE[band]} title={t("scoring.scoreTitle", { score })}>
      {`${score} · ${t(`scoring.band.${band}`)}`}
    </Badge>
  );
}
