import { useTranslation } from "react-i18next";
import type { CustomFieldDef } from "../bindings";
import type { CustomValues } from "../api/types";
import { api } from "../api/client";
import { useOpenForm, type FormSpec } from "../app/Forms";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatYmd } from "../lib/dates";
import { formatMoney } from "../lib/money";
import { recordHref } from "../lib/router";
import { DealStatusBadge } from "./Badge";
import { FieldList, SideSection } from "./RecordLayout";
import { TaskItem } from "./TaskItem";
import { Icon } from "./Icon";

type Link = { person_id?: number; company_id?: number; deal_id?: number };

function AddButton({ label, spec }: { label: string; spec: FormSpec }) {
  const openForm = useOpenForm();
  return (
    <button type="button" className="icon-button" aria-label={label} title={label} onClick={() => openForm(spec)}>
      <Icon name="plus" size={14} />
    </button>
  );
}

/** Open follow-ups of a record, soonest first. */
export function RelatedTasks({ link, except, newSpec }: { link: Link; except: string; newSpec: FormSpec }) {
  const { t } = useTranslation();
  const q = useQuery(
    () => api.tasksList({ state: "open", person_id: null, company_id: null, deal_id: null, search: null, due_before: null, due_after: null, cursor: null, limit: 50, ...link }),
    JSON.stringify(link),
    ["task"],
  );
  const tasks = q.data?.items ?? [];
  return (
    <SideSection title={t("nav.tasks")} action={<AddButton label={t("task.new")} spec={newSpec} />}>
      {tasks.length === 0 ? (
        <p className="muted small">{q.loading ? t("common.loading") : t("task.noneOpen")}</p>
      ) : (
        <ul className="task-list compact">
          {tasks.map((task) => (
            <TaskItem key={`${task.id}-${task.done_at}`} task={task} except={except} />
          ))}
        </ul>
      )}
    </SideSection>
  );
}

export function RelatedDeals({ link, newSpec }: { link: Link; newSpec: FormSpec }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const q = useQuery(
    () => api.dealsList({ pipeline_id: null, stage_id: null, status: null, person_id: null, company_id: null, search: null, cursor: null, limit: 50, ...link }),
    JSON.stringify(link),
    ["deal"],
  );
  const deals = q.data?.items ?? [];
  return (
    <SideSection title={t("nav.deals")} action={<AddButton label={t("deal.new")} spec={newSpec} />}>
      {deals.length === 0 ? (
        <p className="muted small">{q.loading ? t("common.loading") : t("deal.none")}</p>
      ) : (
        <ul className="related-list">
          {deals.map((d) => (
            <li key={d.id}>
              <a href={recordHref("deal", d.id)!}>{d.title}</a>
              <span className="related-meta">
                <span className="num">{formatMoney(d.value_minor, d.currency, locale)}</span>
                <DealStatusBadge value={d.status} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </SideSection>
  );
}

export function RelatedPeople({ companyId, companyName }: { companyId: number; companyName: string }) {
  const { t } = useTranslation();
  const openForm = useOpenForm();
  const q = useQuery(
    () => api.peopleList({ search: null, tag: null, owner: null, lifecycle: null, lead_status: null, company_id: companyId, sort: "name", desc: false, limit: 100, cursor: null }),
    String(companyId),
    ["person"],
  );
  const people = q.data?.items ?? [];
  return (
    <SideSection
      title={t("nav.people")}
      action={
        <button type="button" className="icon-button" aria-label={t("person.new")} title={t("person.new")} onClick={() => openForm({ kind: "person", companyName })}>
          <Icon name="plus" size={14} />
        </button>
      }
    >
      {people.length === 0 ? (
        <p className="muted small">{q.loading ? t("common.loading") : t("company.noPeople", { company: companyName })}</p>
      ) : (
        <ul className="related-list">
          {people.map((p) => (
            <li key={p.id}>
              <a href={recordHref("person", p.id)!}>{p.display_name}</a>
              <span className="related-meta muted">{p.job_title ?? p.email ?? ""}</span>
            </li>
          ))}
        </ul>
      )}
    </SideSection>
  );
}

/** The user's own fields, formatted by kind. */
export function CustomFieldsView({ defs, values }: { defs: CustomFieldDef[]; values: CustomValues }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (defs.length === 0) return null;
  const show = (def: CustomFieldDef): string => {
    const v = values[def.key];
    if (v === undefined || v === null || v === "") return "";
    if (def.kind === "boolean") return v === true ? t("common.yes") : t("common.no");
    if (def.kind === "date" && typeof v === "string") return formatYmd(v, locale);
    if (def.kind === "number" && typeof v === "number") return new Intl.NumberFormat(locale).format(v);
    return String(v);
  };
  return (
    <SideSection title={t("customFields.title")}>
      <FieldList showEmpty items={defs.map((d) => [d.label, show(d)] as [string, string])} />
    </SideSection>
  );
}
