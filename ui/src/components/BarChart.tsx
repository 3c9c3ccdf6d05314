// A grouped bar chart on Chart.js (canvas). Chosen over recharts because recharts' dependencies
// (decimal.js-light, d3-color) assign `toString`/`constructor` over Object.prototype's own, which throws
// under Tauri's freezePrototype; Chart.js and its one dependency (@kurkle/color) do not. Chart.js injects
// no <style> element, so the strict CSP holds. A table view of the same data sits beside every chart.
import { BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type Plugin } from "chart.js";
import { Bar } from "react-chartjs-2";

Chart.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

export type BarSeries = { label: string; values: number[]; colour: string };

/** A CSS custom property of the document (the theme's palette), for canvas drawing that cannot use var(). */
export function themeColour(name: string, fallback: string): string {
  const v = typeof document === "undefined" ? "" : getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** Paints the theme's card colour under the chart, so an exported PNG is not transparent. */
function background(colour: string): Plugin<"bar"> {
  return {
    id: "relataBackground",
    beforeDraw: (chart) => {
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.globalCompositeOperation = "destination-over";
      ctx.fillStyle = colour;
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
  };
}

/** Sized by its container (`.bar-chart` in dashboard.css). */
export function BarChart({
  labels,
  series,
  formatValue,
  testId,
  counts,
}: {
  labels: string[];
  series: BarSeries[];
  formatValue: (v: number) => string;
  testId?: string;
  /** Whole numbers: the axis shows no ticks between them. */
  counts?: boolean;
}) {
  const text = themeColour("--text-muted", "#666");
  const grid = themeColour("--border", "#ddd");
  const surface = themeColour("--surface", "#fff");
  return (
    <div className="bar-chart" data-testid={testId} data-points={labels.length}>
      <Bar
        plugins={[background(surface)]}
        data={{ labels, datasets: series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.colour, borderRadius: 3, maxBarThickness: 48 })) }}
        options={{
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: {
            legend: { position: "bottom", labels: { color: text, boxWidth: 12 } },
            tooltip: { callbacks: { label: (c) => `${c.dataset.label ?? ""}: ${formatValue(Number(c.raw))}` } },
          },
          scales: {
            x: { ticks: { color: text }, grid: { display: false } },
            y: { ticks: { color: text, precision: counts ? 0 : undefined, callback: (v) => formatValue(Number(v)) }, grid: { color: grid }, beginAtZero: true },
          },
        }}
      />
    </div>
  );
}
