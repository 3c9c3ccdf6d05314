import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Calendar, Policy, PolicyDef, TicketChannel, TicketPriority, TicketStatus, TicketType } from "../../bindings";
import { api } from "../../api/client";
import { CheckboxField, SelectField, TextField } from "../../components/Field";
import { FormDialog, FormSection, useFormSubmit } from "../../forms/FormDialog";
import { TARGETS, targetsDef, targetsDraft, type TargetsDraft } from "../../lib/slaForms";
import { CHANNELS, PRIORITIES, STATUSES, TYPES } from "../tickets/options";

type Draft = {
  name: string;
  calendar: string;
  priority: TicketPriority[];
  type: TicketType[];
  channel: TicketChannel[];
  tags: string;
  targets: TargetsDraft;
  pause: TicketStatus[];
};

function draftOf(policy: Policy | null, calendars: Calendar[]): Draft {
  const w = policy?.when;
  return {
    name: policy?.name ?? "",
    calendar: policy?.calendar ?? calendars[0]?.name ?? "",
    priority: w?.priority ?? [],
    type: w?.type ?? [],
    channel: w?.channel ?? [],
    tags: (w?.company_tag ?? []).join(", "),
    targets: targetsDraft(policy, PRIORITIES),
    pause: policy?.pause_statuses ?? ["pending", "on_hold"],
  };
}

const toggle = <T,>(list: T[], v: T, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));

/** Adds an SLA policy or edits one: which tickets it covers, its targets per priority, what pauses it. */
export function PolicyDialog({ policy, calendars, onClose, onSaved }: { policy: Policy | null; calendars: Calendar[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [d, setD] = useState<Draft>(() => draftOf(policy, calendars));
  const { errors, clear, saving, submit, formRef } = useFormSubmit();
  const set = (patch: Partial<Draft>, field?: string) => {
    setD((x) => ({ ...x, ...patch }));
    if (field) clear(field);
  };
  const setTarget = (p: TicketPriority, k: (typeof TARGETS)[number], v: string) => {
    setD((x) => ({ ...x, targets: { ...x.targets, [p]: { ...x.targets[p], [k]: v } } }));
    clear(`targets.${p}.${k}`);
  };

  const save = () => {
    const shaped = targetsDef(d.targets);
    const tags = d.tags.split(",").map((s) => s.trim()).filter(Boolean);
    const when = d.priority.length + d.type.length + d.channel.length + tags.length > 0 ? { priority: d.priority, type: d.type, channel: d.channel, company_tag: tags } : null;
    return submit(
      () => ("errors" in shaped ? shaped.errors : {}),
      () => {
        if (!("targets" in shaped)) return Promise.reject(new Error("unreachable"));
        const def: PolicyDef = { name: d.name, calendar: d.calendar, when, targets: shaped.targets, pause_statuses: d.pause };
        return api.slaPolicySave(policy?.id ?? null, def);
      },
      onSaved,
    );
  };

  const group = <T extends string>(label: string, name: string, values: T[], chosen: T[], key: string, onChange: (v: T[]) => void) => (
    <div className="sla-checks" role="group" aria-label={label}>
      <span className="sla-checks-label">{label}</span>
      {values.map((v) => (
        <CheckboxField key={v} label={t(`tickets.${key}.${v}`)} name={`${name}.${v}`} checked={chosen.includes(v)} onChange={(on) => onChange(toggle(chosen, v, on))} />
      ))}
    </div>
  );

  return (
    <FormDialog title={policy ? t("slaSettings.editPolicy") : t("slaSettings.newPolicy")} onClose={onClose} onSubmit={() => void save()} saving={saving} formRef={formRef} size="large">
      <div className="form-grid">
        <TextField label={t("slaSettings.name")} name="name" value={d.name} error={errors.name} data-autofocus autoComplete="off" onChange={(e) => set({ name: e.target.value }, "name")} />
        <SelectField label={t("slaSettings.calendar")} name="calendar" value={d.calendar} error={errors.calendar} options={calendars.map((c) => ({ value: c.name, label: c.name }))} onChange={(e) => set({ calendar: e.target.value }, "calendar")} />
      </div>
      <FormSection title={t("slaSettings.appliesTo")}>
        <p className="muted small">{t("slaSettings.appliesToHint")}</p>
        {group(t("tickets.fields.priority"), "when.priority", PRIORITIES, d.priority, "priority", (v) => set({ priority: v }))}
        {group(t("tickets.fields.type"), "when.type", TYPES, d.type, "type", (v) => set({ type: v }))}
        {group(t("tickets.fields.channel"), "when.channel", CHANNELS, d.channel, "channel", (v) => set({ channel: v }))}
        <TextField label={t("slaSettings.companyTags")} name="when.company_tag" value={d.tags} hint={t("slaSettings.companyTagsHint")} autoComplete="off" onChange={(e) => set({ tags: e.target.value })} />
      </FormSection>
      <FormSection title={t("slaSettings.targets")}>
        <p className="muted small">{t("slaSettings.targetsHint")}</p>
        <table className="sla-targets">
          <thead>
            <tr>
              <th scope="col">{t("tickets.fields.priority")}</th>
              {TARGETS.map((k) => (
                <th key={k} scope="col">
                  {t(`slaSettings.target.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {PRIORITIES.map((p) => (
              <tr key={p}>
                <th scope="row">{t(`tickets.priority.${p}`)}</th>
                {TARGETS.map((k) => (
                  <td key={k}>
                    <TextField
                      hideLabel
                      label={`${t(`tickets.priority.${p}`)}: ${t(`slaSettings.target.${k}`)}`}
                      name={`targets.${p}.${k}`}
                      type="number"
                      inputMode="numeric"
                      min={1}
                      value={d.targets[p][k]}
                      error={errors[`targets.${p}.${k}`]}
                      onChange={(e) => setTarget(p, k, e.target.value)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </FormSection>
      <FormSection title={t("slaSettings.pauseTitle")}>
        {group(t("slaSettings.pauseWhen"), "pause_statuses", STATUSES, d.pause, "status", (v) => set({ pause: v }))}
      </FormSection>
    </FormDialog>
  );
}
