import { useEffect, useState, type DragEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { BoardColumn, Deal, Pipeline } from "../bindings";
import { api } from "../api/client";
import { useOpenForm } from "../app/Forms";
import { EmptyState, Skeleton } from "../components/EmptyState";
import { Icon } from "../components/Icon";
import { MoveMenu } from "../components/MoveMenu";
import { useToast } from "../components/Toast";
import { useHotkey } from "../hooks/useHotkey";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { dropIndex, moveDeal } from "../lib/board";
import { pipelineName, stageName } from "../lib/labels";
import { formatMoney } from "../lib/money";
import { navigate } from "../lib/router";

const DRAG_TYPE = "application/x-relata-deal";

function Card({ deal, pipeline, onMove }: { deal: Deal; pipeline: Pipeline; onMove: (stageId: number, index: number | null) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const stages = pipeline.stages;
  const at = stages.findIndex((s) => s.id === deal.stage_id);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === "Enter") {
      navigate({ page: "deal", id: deal.id });
    } else if (e.altKey && (e.key === "ArrowRight" || e.key === "ArrowLeft")) {
      const next = stages[at + (e.key === "ArrowRight" ? 1 : -1)];
      if (next) onMove(next.id, null);
    } else return;
    e.preventDefault();
  };

  return (
    <article
      className="deal-card"
      data-testid="deal-card"
      data-deal-id={deal.id}
      tabIndex={0}
      draggable
      aria-label={t("board.cardLabel", { title: deal.title, stage: at >= 0 ? stageName(t, stages[at]) : "" })}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, String(deal.id));
        e.dataTransfer.setData("text/plain", deal.title);
        e.dataTransfer.effectAllowed = "move";
      }}
      onClick={() => navigate({ page: "deal", id: deal.id })}
      onKeyDown={onKeyDown}
    >
      <div className="deal-card-top">
        <span className="deal-card-title">{deal.title}</span>
        <MoveMenu stages={stages} current={deal.stage_id} dealTitle={deal.title} onMove={(s) => onMove(s, null)} />
      </div>
      {deal.company_name && <div className="muted small">{deal.company_name}</div>}
      <div className="deal-card-bottom">
        <span className="num strong">{formatMoney(deal.value_minor, deal.currency, locale)}</span>
        {deal.owner && <span className="muted small">{deal.owner}</span>}
      </div>
    </article>
  );
}

function Column({ col, pipeline, onMove }: { col: BoardColumn; pipeline: Pipeline; onMove: (dealId: number, stageId: number, index: number | null) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [over, setOver] = useState(false);
  const name = stageName(t, col.stage);

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const id = Number(e.dataTransfer.getData(DRAG_TYPE));
    if (!id) return;
    const cards = [...e.currentTarget.querySelectorAll<HTMLElement>("[data-deal-id]")].filter((c) => Number(c.dataset.dealId) !== id);
    const middles = cards.map((c) => {
      const r = c.getBoundingClientRect();
      return r.top + r.height / 2;
    });
    onMove(id, col.stage.id, dropIndex(middles, e.clientY));
  };

  return (
    <section className={`board-column ${over ? "is-over" : ""}`} data-testid="board-column" aria-label={name}>
      <header className="board-column-header">
        <h2>{name}</h2>
        <span className="badge badge-neutral" aria-label={t("board.dealCount", { count: col.count })}>
          {col.count}
        </span>
        <div className="board-totals num">{col.totals.map((m) => formatMoney(m.value_minor, m.currency, locale)).join(" · ") || "\u00a0"}</div>
      </header>
      <div
        className="board-cards"
        onDragOver={(e) => {
          if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = "move";
          setOver(true);
        }}
        onDragLeave={(e) => !e.currentTarget.contains(e.relatedTarget as Node) && setOver(false)}
        onDrop={onDrop}
      >
        {col.deals.map((d) => (
          <Card key={d.id} deal={d} pipeline={pipeline} onMove={(stageId, index) => onMove(d.id, stageId, index)} />
        ))}
        {col.deals.length === 0 && <p className="board-empty muted small">{t("board.emptyColumn")}</p>}
      </div>
    </section>
  );
}

export function DealsBoard({ pipelineId }: { pipelineId: number | null }) {
  const { t } = useTranslation();
  const toast = useToast();
  const openForm = useOpenForm();
  const pipelines = useQuery(() => api.pipelinesList(), "pipelines", []);
  const pipeline = pipelines.data?.find((p) => p.id === pipelineId) ?? pipelines.data?.[0];
  const board = useQuery(() => (pipeline ? api.dealsBoard(pipeline.id) : Promise.resolve([])), String(pipeline?.id ?? ""), ["deal", "company"]);
  const [local, setLocal] = useState<BoardColumn[] | null>(null);
  useEffect(() => setLocal(null), [board.data]);
  useHotkey("c", () => openForm({ kind: "deal", defaults: { pipeline_id: pipeline?.id ?? null } }));

  const columns = local ?? board.data ?? [];
  const move = async (dealId: number, stageId: number, index: number | null) => {
    setLocal(moveDeal(columns, dealId, stageId, index));
    // Keep keyboard focus on the moved card once it re-renders in its new column.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-deal-id="${dealId}"]`)?.focus());
    try {
      await api.dealsMove(dealId, { stage_id: stageId, index });
    } catch (e) {
      setLocal(null);
      toast.error(e);
    }
  };
  const total = columns.reduce((n, c) => n + c.count, 0);

  return (
    <section className="page board-page" data-testid="deals-board">
      <header className="page-header">
        <div>
          <h1>{t("nav.deals")}</h1>
          <p className="page-subtitle">{t("board.openDeals", { count: total })}</p>
        </div>
        <div className="page-actions">
          {(pipelines.data?.length ?? 0) > 1 && (
            <label className="filter">
              <span className="filter-label">{t("fields.pipeline")}</span>
              <select data-testid="pipeline-select" value={pipeline?.id ?? ""} onChange={(e) => navigate({ page: "deals", pipelineId: Number(e.target.value) })}>
                {pipelines.data!.map((p) => (
                  <option key={p.id} value={p.id}>
                    {pipelineName(t, p)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="button" className="button button-primary" data-testid="new-deal" title={`${t("deal.new")} (C)`} onClick={() => openForm({ kind: "deal", defaults: { pipeline_id: pipeline?.id ?? null } })}>
            <Icon name="plus" /> {t("deal.new")}
          </button>
        </div>
      </header>
      <p className="sr-only">{t("board.keyboardHelp")}</p>
      {pipelines.loading || (board.loading && !board.data) ? (
        <Skeleton lines={5} />
      ) : !pipeline ? (
        <EmptyState icon="deals" title={t("board.noPipeline")} />
      ) : (
        <div className="board">
          {columns.map((c) => (
            <Column key={c.stage.id} col={c} pipeline={pipeline} onMove={move} />
          ))}
        </div>
      )}
    </section>
  );
}
