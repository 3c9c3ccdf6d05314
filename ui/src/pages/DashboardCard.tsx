import { useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ChartFormat } from "../bindings";
import { useToast } from "../components/Toast";
import { saveExport, toCsv } from "../lib/dashboard";

export type CsvData = { name: string; header: string[]; rows: (string | number | null)[][] };

/** A column of a figure's table; `num` right-aligns it with tabular digits. */
export type Column = { label: ReactNode; num?: boolean };
/** A table row: `head` is shown as the row's header cell; `levels` shade the cells as a heat map (0–5). */
export type Row = { key: string; head?: ReactNode; cells: ReactNode[]; levels?: (number | null)[] };
export type FigureTableSpec = { columns: Column[]; rows: Row[]; heat?: boolean };

/** One figure's table: the same markup for every dashboard card, so they all read alike. */
function FigureTable({ columns, rows, heat }: FigureTableSpec) {
  const offset = rows.some((r) => r.head !== undefined) ? 1 : 0;
  const table = (
    <table className={`dash-table${heat ? " dash-heat" : ""}`}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} scope="col" className={c.num ? "num" : undefined}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            {r.head !== undefined && <th scope="row">{r.head}</th>}
            {r.cells.map((cell, i) => {
              const level = r.levels?.[i];
              const num = columns[i + offset]?.num;
              const cls = [num ? "num" : "", level != null ? "dash-heat-cell" : ""].filter(Boolean).join(" ");
              return (
                <td key={i} className={cls || undefined} data-level={level ?? undefined}>
                  {cell}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return heat ? <div className="dash-scroll">{table}</div> : table;
}

/** One dashboard figure: its title, the key numbers beside the picture, a chart/table switch, and CSV and
 * (while the chart shows) PNG export through the native save dialog. */
export function FigureCard({
  title,
  figures,
  csv,
  chart,
  tables,
  testId,
}: {
  title: string;
  figures: ReactNode;
  csv: CsvData;
  chart?: ReactNode;
  tables: FigureTableSpec[];
  testId: string;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const [asTable, setAsTable] = useState(!chart);
  const visual = useRef<HTMLDivElement>(null);
  const showsChart = !!chart && !asTable;

  const save = async (format: ChartFormat) => {
    try {
      let content = toCsv(csv.header, csv.rows);
      if (format === "png") {
        const canvas = visual.current?.querySelector("canvas");
        if (!canvas) return;
        content = canvas.toDataURL("image/png");
      }
      const name = format === "png" ? csv.name.replace(/\.csv$/i, "") + ".png" : csv.name;
      const path = await saveExport(name, format, content);
      if (path) toast.show(t("dashboard.exported", { path }), { kind: "success" });
    } catch (e) {
      toast.error(e);
    }
  };

  return (
    <section className="dash-card" data-testid={testId} aria-label={title}>
      <header className="dash-card-header">
        <h2>{title}</h2>
        <div className="dash-card-actions">
          {chart && (
            <button type="button" className="button" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
              {asTable ? t("dashboard.showChart") : t("dashboard.showTable")}
            </button>
          )}
          <button type="button" className="button" onClick={() => void save("csv")}>
            {t("dashboard.exportCsv")}
          </button>
          {showsChart && (
            <button type="button" className="button" onClick={() => void save("png")}>
              {t("dashboard.exportPng")}
            </button>
          )}
        </div>
      </header>
      <div className="dash-card-body">
        <div className="dash-figures">{figures}</div>
        <div className="dash-visual" ref={visual}>
          {showsChart ? chart : tables.map((spec, i) => <FigureTable key={i} {...spec} />)}
        </div>
      </div>
    </section>
  );
}

/** A labelled number beside a chart. */
export function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="dash-figure">
      <span className="dash-figure-value">{value}</span>
      <span className="dash-figure-label">{label}</span>
    </div>
  );
}
