import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Deal, DealStatus } from "../bindings";
import { api } from "../api/client";
import { useApp } from "../app/AppState";
import { useOpenForm } from "../app/Forms";
import { Badge, DealStatusBadge } from "../components/Badge";
import { Dialog } from "../components/Dialog";
import { TextArea } from "../components/Field";
import { Icon } from "../components/Icon";
import { AddTaskButton, FieldList, RecordLayout, RecordNotFound, SideSection } from "../components/RecordLayout";
import { CustomFieldsView, RelatedTasks } from "../components/Related";
import { SendEmailButton } from "../components/SendEmailButton";
import { useToast } from "../components/Toast";
import { dealToInput } from "../forms/deal";
import { useQuery } from "../hooks/useQuery";
import { useTrashRecord } from "../hooks/useTrashRecord";
import { useLocale } from "../i18n";
import { formatDateTime, formatYmd } from "../lib/dates";
import { pipelineName, stageName } from "../lib/labels";
import { formatMoney } from "../lib/money";
import { navigate, recordHref } from "../lib/router";

function LostDialog({ onClose, onSave }: { onClose: () => void; onSave: (reason: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const [error, setError] = useState(false);
  return (
    <Dialog
      title={t("deal.markLost")}
      onClose={onClose}
      size="small"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>{t("common.cancel")}</button>
          <button type="button" className="button button-danger" data-testid="form-save" onClick={() => (reason.trim() ? onSave(reason.trim()) : setError(true))}>
            {t("deal.markLost")}
          </button>
        </>
      }
    >
      <TextArea label={t("fields.lost_reason")} name="lost_reason" rows={3} value={reason} error={error ? "required" : undefined} onChange={(e) => setReason(e.target.value)} data-autofocus />
    </Dialog>
  );
}

export function DealPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const openForm = useOpenForm();
  const toast = useToast();
  const trash = useTrashRecord();
  const { fieldsFor } = useApp();
  const [askLost, setAskLost] = useState(false);
  const q = useQuery(() => api.dealsGet(id), String(id), ["deal", "person", "company"]);
  const pipelines = useQuery(() => api.pipelinesList(), "pipelines", []);
  const d = q.data;

  if (q.error && !d) {
    return <RecordNotFound testId="deal-detail" icon="deals" backHref="#/deals" backLabel={t("nav.deals")} />;
  }

  const pipeline = pipelines.data?.find((p) => p.id === d?.pipeline_id);
  const stage = pipeline?.stages.find((s) => s.id === d?.stage_id);
  const setStatus = async (deal: Deal, status: DealStatus, lostReason: string | null = null) => {
    try {
      await api.dealsUpdate(deal.id, { ...dealToInput(deal), status, lost_reason: status === "lost" ? lostReason : null });
      toast.show(t(`deal.statusToast.${status}`, { title: deal.title }), { kind: "success" });
    } catch (e) {
      toast.error(e);
    }
  };
  const taskLinks = d
    ? {
        deal: { id: d.id, title: d.title },
        ...(d.person_id ? { person: { id: d.person_id, title: d.person_name ?? "" } } : {}),
        ...(d.company_id ? { company: { id: d.company_id, title: d.company_name ?? "" } } : {}),
      }
    : {};

  return (
    <>
      <RecordLayout
        testId="deal-detail"
        entity="deal"
        backHref={d ? `#/deals?pipeline=${d.pipeline_id}` : "#/deals"}
        backLabel={t("nav.deals")}
        title={d ? d.title : null}
        badges={
          d && (
            <>
              <DealStatusBadge value={d.status} />
              {stage && <Badge tone="neutral">{stageName(t, stage)}</Badge>}
            </>
          )
        }
        facts={
          d && (
            <>
              <span className="fact strong num">{formatMoney(d.value_minor, d.currency, locale)}</span>
              {d.company_id && <a href={recordHref("company", d.company_id)!}>{d.company_name}</a>}
              {d.person_id && <a href={recordHref("person", d.person_id)!}>{d.person_name}</a>}
              {d.expected_close && <span className="fact">{t("deal.closes", { date: formatYmd(d.expected_close, locale) })}</span>}
            </>
          )
        }
        actions={
          d && (
            <>
              {d.person_id && <SendEmailButton personId={d.person_id} dealId={d.id} />}
              <AddTaskButton links={taskLinks} />
              {d.status === "open" ? (
                <>
                  <button type="button" className="button button-success" data-testid="deal-won" onClick={() => setStatus(d, "won")}>
                    <Icon name="check" /> {t("deal.markWon")}
                  </button>
                  <button type="button" className="button" data-testid="deal-lost" onClick={() => setAskLost(true)}>
                    {t("deal.markLost")}
                  </button>
                </>
              ) : (
                <button type="button" className="button" onClick={() => setStatus(d, "open")}>
                  <Icon name="restore" /> {t("deal.reopen")}
                </button>
              )}
            </>
          )
        }
        onEdit={() => openForm({ kind: "deal", id })}
        onDelete={() => d && trash("deal", id, d.title, () => api.dealsDelete(id), () => navigate({ page: "deals", pipelineId: d.pipeline_id }), () => navigate({ page: "deal", id }))}
        target={{ person_id: null, company_id: null, deal_id: id }}
        side={
          d && (
            <>
              <SideSection title={t("record.details")}>
                <FieldList
                  items={[
                    [t("fields.pipeline"), pipeline ? pipelineName(t, pipeline) : null],
                    [t("fields.stage"), stage ? stageName(t, stage) : null],
                    [t("fields.value"), formatMoney(d.value_minor, d.currency, locale)],
                    [t("fields.probability"), new Intl.NumberFormat(locale, { style: "percent" }).format((d.probability ?? stage?.probability ?? 0) / 100)],
                    [t("fields.expected_close"), d.expected_close ? formatYmd(d.expected_close, locale) : null],
                    [t("fields.owner"), d.owner],
                    [t("fields.lost_reason"), d.lost_reason],
                    [t("fields.closed_at"), d.closed_at ? formatDateTime(d.closed_at, locale) : null],
                    [t("fields.created_at"), formatDateTime(d.created_at, locale)],
                  ]}
                />
              </SideSection>
              <CustomFieldsView defs={fieldsFor("deal")} values={d.custom} />
              <RelatedTasks link={{ deal_id: id }} except="deal" newSpec={{ kind: "task", links: taskLinks }} />
            </>
          )
        }
      />
      {askLost && d && (
        <LostDialog
          onClose={() => setAskLost(false)}
          onSave={(reason) => {
            setAskLost(false);
            void setStatus(d, "lost", reason);
          }}
        />
      )}
    </>
  );
}
