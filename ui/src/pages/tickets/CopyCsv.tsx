import { useTranslation } from "react-i18next";
import type { MetricsFigure, MetricsQuery } from "../../bindings";
import { api } from "../../api/client";
import { useToast } from "../../components/Toast";

/** Copies one figure of the support metrics as CSV, for pasting into a spreadsheet. */
export function CopyCsv({ figure, query }: { figure: MetricsFigure; query: MetricsQuery }) {
  const { t } = useTranslation();
  const toast = useToast();
  const copy = () =>
    api
      .supportMetricsCsv(query, figure)
      .then((csv) => navigator.clipboard.writeText(csv))
      .then(() => toast.show(t("support.csvCopied")), toast.error);
  return (
    <button type="button" className="button" onClick={copy}>
      {t("support.copyCsv")}
    </button>
  );
}
