import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Deal, DealStatus } from "../bindings";
import { api } from "../api/client";
import { useApp } from "../app/AppState";
import { SelectField, TextField } from "../components/Field";
import { RecordPicker, type Picked } from "../components/RecordPicker";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { pipelineName, stageName } from "../lib/labels";
import { currencyOptions, separators } from "../lib/money";
import { CustomFieldsSection } from "./CustomFieldInputs";
import { dealFromForm, dealToForm, validateDeal, type DealDefaults, type DealForm as Form } from "./deal";
import { FormDialog, FormSection, useFormState } from "./FormDialog";

type Props = {
  id?: number;
  defaults?: DealDefaults & { person_title?: string; company_title?: string };
  onClose: () => void;
  onSaved: (d: Deal, created: boolean) => void;
};

const STATUSES: DealStatus[] = ["open", "won", "lost"];

export function DealForm({ id, defaults, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { fieldsFor, settings } = useApp();
  const defs = fieldsFor("deal");
  const opts = { currency: settings.default_currency, owner: settings.user_name ?? "", locale, decimal: separators(locale).decimal, defaults };
  const { form, setForm, set, errors, saving, submit, formRef } = useFormState<Form>(id === undefined ? dealToForm(null, defs, opts) : null);
  const [person, setPerson] = useState<Picked>(defaults?.person_id ? { id: defaults.person_id, title: defaults.person_title ?? "" } : null);
  const [company, setCompany] = useState<Picked>(defaults?.company_id ? { id: defaults.company_id, title: defaults.company_title ?? "" } : null);
  const pipelines = useQuery(() => api.pipelinesList(), "pipelines", []);

  useEffect(() => {
    if (id === undefined) return;
    api.dealsGet(id).then((d) => {
      setForm(dealToForm(d, defs, opts));
      setPerson(d.person_id ? { id: d.person_id, title: d.person_name ?? "" } : null);
      setCompany(d.company_id ? { id: d.company_id, title: d.company_name ?? "" } : null);
    }, onClose);
    // Loaded once per opened record so later re-renders never reset what was typed.
  }, [id]);


  const list = pipelines.data ?? [];
  const pipeline = list.find((p) => p.id === form?.pipeline_id) ?? list[0];

  const onSubmit = () =>
    form &&
    submit(
      () => validateDeal(form, defs, locale),
      () => {
        const input = dealFromForm({ ...form, person_id: person?.id ?? null, company_id: company?.id ?? null }, defs, locale);
        return id === undefined ? api.dealsCreate(input) : api.dealsUpdate(id, input);
      },
      (d) => onSaved(d, id === undefined),
    );

  return (
    <FormDialog title={id === undefined ? t("deal.new") : t("deal.edit")} onClose={onClose} onSubmit={onSubmit} saving={saving} loading={!form} formRef={formRef}>
      {form && (
        <>
          <FormSection>
            <TextField label={t("fields.title")} name="title" value={form.title} error={errors.title} onChange={(e) => set("title", e.target.value)} data-autofocus autoComplete="off" className="span-2" />
            <TextField
              label={t("fields.value")}
              name="value_minor"
              inputMode="decimal"
              value={form.value}
              error={errors.value_minor}
              placeholder={`0${separators(locale).decimal}00`}
              onChange={(e) => set("value", e.target.value, "value_minor")}
            />
            <SelectField label={t("fields.currency")} name="currency" value={form.currency} error={errors.currency} options={currencyOptions(form.currency).map((c) => ({ value: c, label: c }))} onChange={(e) => set("currency", e.target.value)} />
            <SelectField
              label={t("fields.pipeline")}
              name="pipeline_id"
              value={String(pipeline?.id ?? "")}
              options={list.map((p) => ({ value: String(p.id), label: pipelineName(t, p) }))}
              onChange={(e) => setForm((f) => (f ? { ...f, pipeline_id: Number(e.target.value), stage_id: null } : f))}
            />
            <SelectField
              label={t("fields.stage")}
              name="stage_id"
              value={String(form.stage_id ?? pipeline?.stages[0]?.id ?? "")}
              error={errors.stage_id}
              options={(pipeline?.stages ?? []).map((s) => ({ value: String(s.id), label: stageName(t, s) }))}
              onChange={(e) => set("stage_id", Number(e.target.value))}
            />
            <TextField label={t("fields.expected_close")} name="expected_close" type="date" value={form.expected_close} error={errors.expected_close} onChange={(e) => set("expected_close", e.target.value)} />
            <TextField label={t("fields.probability")} name="probability" inputMode="numeric" value={form.probability} error={errors.probability} hint={t("deal.probabilityHint")} onChange={(e) => set("probability", e.target.value)} />
            <SelectField label={t("fields.status")} name="status" value={form.status} options={STATUSES.map((s) => ({ value: s, label: t(`dealStatus.${s}`) }))} onChange={(e) => set("status", e.target.value as DealStatus)} />
            {form.status === "lost" && <TextField label={t("fields.lost_reason")} name="lost_reason" value={form.lost_reason} error={errors.lost_reason} onChange={(e) => set("lost_reason", e.target.value)} />}
            <RecordPicker entity="person" label={t("fields.person")} name="person_id" value={person} onChange={setPerson} />
            <RecordPicker entity="company" label={t("fields.company")} name="company_id" value={company} onChange={setCompany} />
            <TextField label={t("fields.owner")} name="owner" value={form.owner} onChange={(e) => set("owner", e.target.value)} />
          </FormSection>
          <CustomFieldsSection defs={defs} values={form.custom} errors={errors} onChange={(k, v) => set("custom", { ...form.custom, [k]: v }, `custom.${k}`)} />
        </>
      )}
    </FormDialog>
  );
}
