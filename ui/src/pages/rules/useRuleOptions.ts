// What the rule form's pickers list, read with the existing commands: stages, cadences, templates, static
// segments, campaigns, mail accounts, custom date fields, the fields a change trigger can name, the user.
import { api } from "../../api/client";
import type { Campaign, Cadence, CustomFieldDef, FilterField, MailAccount, Pipeline, Segment, Settings, Template } from "../../bindings";
import { useQuery } from "../../hooks/useQuery";
import type { Firsts } from "../../lib/ruleForm";

export type RuleOptions = {
  pipelines: Pipeline[];
  cadences: Cadence[];
  templates: Template[];
  segments: Segment[];
  campaigns: Campaign[];
  accounts: MailAccount[];
  customFields: CustomFieldDef[];
  /** The columns a change trigger can name, per entity (rules_fields). */
  watched: Partial<Record<string, string[]>>;
  /** The segment builder's catalogue, for the conditions. */
  filterFields: FilterField[] | undefined;
  settings: Settings | undefined;
};

export function useRuleOptions(): RuleOptions {
  const pipelines = useQuery(() => api.pipelinesList(), "pipelines", []);
  const cadences = useQuery(() => api.cadencesList(), "cadences", []);
  const templates = useQuery(() => api.templatesList(), "templates", ["template"]);
  const segments = useQuery(() => api.segmentsList(), "segments", ["segment"]);
  const campaigns = useQuery(() => api.campaignsList(), "campaigns", ["campaign"]);
  const accounts = useQuery(() => api.mailAccountsList(), "mail-accounts", ["mail"]);
  const customFields = useQuery(() => api.customFieldsList(null), "custom-fields", []);
  const watched = useQuery(() => api.rulesFields(), "rules-fields", []);
  const filterFields = useQuery(() => api.segmentsFields(), "segment-fields", ["segment", "person", "deal"]);
  const settings = useQuery(() => api.settingsGet(), "settings", []);
  return {
    pipelines: pipelines.data ?? [],
    cadences: cadences.data ?? [],
    templates: templates.data ?? [],
    segments: (segments.data ?? []).filter((s) => s.is_static),
    campaigns: campaigns.data ?? [],
    accounts: accounts.data ?? [],
    customFields: customFields.data ?? [],
    watched: watched.data ?? {},
    filterFields: filterFields.data,
    settings: settings.data,
  };
}

/** What a newly chosen kind starts with: the first of each list. */
export function firstsOf(o: RuleOptions): Firsts {
  const stage = o.pipelines[0]?.stages[0];
  return {
    stage: stage ? (stage.system_key ?? stage.name) : undefined,
    cadence: o.cadences[0]?.name,
    template: o.templates[0]?.name,
    segment: o.segments[0]?.name,
    campaign: o.campaigns[0]?.name,
    zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}
