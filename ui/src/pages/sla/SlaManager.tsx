import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Calendar, Policy } from "../../bindings";
import { api } from "../../api/client";
import { ConfirmDeleteDialog } from "../../components/Dialog";
import { Icon } from "../../components/Icon";
import { useToast } from "../../components/Toast";
import { useQuery } from "../../hooks/useQuery";
import { useLocale } from "../../i18n";
import { CalendarDialog } from "./CalendarDialog";
import { holidaySetLabel, hoursSummary, whenSummary } from "./labels";
import { PolicyDialog } from "./PolicyDialog";

type Editing = { kind: "calendar"; item: Calendar | null } | { kind: "policy"; item: Policy | null } | null;
type Removing = { kind: "calendar"; item: Calendar } | { kind: "policy"; item: Policy } | null;

/** Settings › Service hours and SLAs: the business-hours calendars and the ordered SLA policies. */
export function SlaManager() {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const cals = useQuery(() => api.slaCalendarsList(), "sla-calendars", ["ticket"]);
  const pols = useQuery(() => api.slaPoliciesList(), "sla-policies", ["ticket"]);
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<Removing>(null);
  const calendars = cals.data ?? [];
  const policies = pols.data ?? [];

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (e) {
      toast.error(e);
    }
    cals.reload();
    pols.reload();
  };
  const remove = (r: NonNullable<Removing>) => {
    setRemoving(null);
    void act(() => (r.kind === "calendar" ? api.slaCalendarRemove(r.item.id) : api.slaPolicyRemove(r.item.id)));
  };
  const saved = () => {
    setEditing(null);
    cals.reload();
    pols.reload();
    toast.show(t("toast.saved"), { kind: "success" });
  };

  const holidays = (c: Calendar) =>
    [c.public_holidays ? holidaySetLabel(c.public_holidays, locale) : null, (c.holidays ?? []).length > 0 ? t("slaSettings.closedDays", { count: (c.holidays ?? []).length }) : null].filter(Boolean).join(" · ");

  return (
    <section className="card" data-testid="sla-manager">
      <h2>{t("slaSettings.title")}</h2>
      <p className="muted small">{t("slaSettings.intro")}</p>

      <h3 className="sla-subhead">{t("slaSettings.calendars")}</h3>
      {cals.data && calendars.length === 0 && <p className="muted small">{t("slaSettings.noCalendars")}</p>}
      <ul className="custom-field-list cadence-list">
        {calendars.map((c) => (
          <li key={c.id} data-testid="sla-calendar-row">
            <span className="cadence-row-text">
              <span className="strong">{c.name}</span>
              <span className="muted small">
                {c.timezone} · {hoursSummary(c, locale)}
              </span>
              {holidays(c) && <span className="muted small">{holidays(c)}</span>}
            </span>
            <button type="button" className="icon-button" aria-label={t("slaSettings.editItem", { name: c.name })} title={t("common.edit")} onClick={() => setEditing({ kind: "calendar", item: c })}>
              <Icon name="edit" size={14} />
            </button>
            <button type="button" className="icon-button danger" aria-label={t("common.removeItem", { item: c.name })} title={t("common.delete")} onClick={() => setRemoving({ kind: "calendar", item: c })}>
              <Icon name="trash" size={14} />
            </button>
          </li>
        ))}
      </ul>
      <div className="custom-field-form">
        <button type="button" className="button" onClick={() => setEditing({ kind: "calendar", item: null })} data-testid="sla-new-calendar">
          <Icon name="plus" /> {t("slaSettings.newCalendar")}
        </button>
      </div>

      <h3 className="sla-subhead">{t("slaSettings.policies")}</h3>
      <p className="muted small">{t("slaSettings.policiesIntro")}</p>
      {pols.data && policies.length === 0 && <p className="muted small">{t("slaSettings.noPolicies")}</p>}
      <ol className="custom-field-list cadence-list sla-policy-list">
        {policies.map((p, i) => (
          <li key={p.id} data-testid="sla-policy-row">
            <span className="cadence-row-text">
              <span className="strong">
                {p.position}. {p.name}
              </span>
              <span className="muted small">
                {p.calendar} · {whenSummary(t, p)}
              </span>
            </span>
            <button type="button" className="icon-button" disabled={i === 0} aria-label={t("slaSettings.moveUp", { name: p.name })} title={t("slaSettings.moveUp", { name: p.name })} onClick={() => void act(() => api.slaPolicyMove(p.id, p.position - 1))}>
              <Icon name="up" size={14} />
            </button>
            <button type="button" className="icon-button" disabled={i === policies.length - 1} aria-label={t("slaSettings.moveDown", { name: p.name })} title={t("slaSettings.moveDown", { name: p.name })} onClick={() => void act(() => api.slaPolicyMove(p.id, p.position + 1))}>
              <Icon name="down" size={14} />
            </button>
            <button type="button" className="icon-button" aria-label={t("slaSettings.editItem", { name: p.name })} title={t("common.edit")} onClick={() => setEditing({ kind: "policy", item: p })}>
              <Icon name="edit" size={14} />
            </button>
            <button type="button" className="icon-button danger" aria-label={t("common.removeItem", { item: p.name })} title={t("common.delete")} onClick={() => setRemoving({ kind: "policy", item: p })}>
              <Icon name="trash" size={14} />
            </button>
          </li>
        ))}
      </ol>
      <div className="custom-field-form">
        <button type="button" className="button" disabled={calendars.length === 0} title={calendars.length === 0 ? t("slaSettings.needCalendar") : undefined} onClick={() => setEditing({ kind: "policy", item: null })} data-testid="sla-new-policy">
          <Icon name="plus" /> {t("slaSettings.newPolicy")}
        </button>
      </div>

      {editing?.kind === "calendar" && <CalendarDialog calendar={editing.item} onClose={() => setEditing(null)} onSaved={saved} />}
      {editing?.kind === "policy" && <PolicyDialog policy={editing.item} calendars={calendars} onClose={() => setEditing(null)} onSaved={saved} />}
      {removing && (
        <ConfirmDeleteDialog
          title={removing.kind === "calendar" ? t("slaSettings.removeCalendar") : t("slaSettings.removePolicy")}
          message={t("slaSettings.removeConfirm", { name: removing.item.name })}
          onConfirm={() => remove(removing)}
          onClose={() => setRemoving(null)}
        />
      )}
    </section>
  );
}
