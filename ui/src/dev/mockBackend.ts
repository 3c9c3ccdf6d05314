// Dev-only stand-in for the Rust core, so `npm run dev` works in a plain browser (screenshots, quick UI work).
// It answers every command with plausible data; it is not the core's logic and never ships.
import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { Activity, BoardColumn, Company, CompanyRow, CustomFieldDef, Deal, Entity, Person, PersonRow, Pipeline, Settings, Task, TrashItem } from "../bindings";
import { seed } from "./mockData";

type Args = Record<string, any>;
const db = seed();
// `?lang=nl&theme=dark` in the dev URL preselects settings, for screenshots in every language and theme.
const params = new URLSearchParams(window.location.search);
let settings: Required<Settings> = { language: params.get("lang"), theme: (params.get("theme") as Settings["theme"]) ?? "system", default_currency: "EUR", user_name: "Sam" };
const trash: (TrashItem & { record: unknown })[] = [];
const now = () => Date.now();
let nextId = 10_000;

function fail(code: string, message: string, field?: string): never {
  throw { code, message, field };
}

function page<T>(all: T[], args: Args, q: { limit?: number | null; cursor?: string | null }) {
  void args;
  const start = q.cursor ? Number(q.cursor) : 0;
  const limit = q.limit ?? 100;
  const items = all.slice(start, start + limit);
  return { items, next_cursor: start + limit < all.length ? String(start + limit) : null, total: all.length };
}

const contains = (s: string | null | undefined, q: string) => (s ?? "").toLowerCase().includes(q.toLowerCase());

function personRow(p: Person): PersonRow {
  return { id: p.id, first_name: p.first_name, last_name: p.last_name, email: p.emails[0]?.value ?? null, phone: p.phones[0]?.value ?? null, company_id: p.company_id, company_name: p.company_name, job_title: p.job_title, owner: p.owner, tags: p.tags, lifecycle: p.lifecycle, lead_status: p.lead_status, city: p.address.city, created_at: p.created_at, updated_at: p.updated_at };
}

function companyRow(c: Company): CompanyRow {
  return { id: c.id, name: c.name, domain: c.domain, industry: c.industry, size: c.size, city: c.address.city, country: c.address.country, owner: c.owner, tags: c.tags, people_count: db.people.filter((p) => p.company_id === c.id).length, open_deals_count: db.deals.filter((d) => d.company_id === c.id && d.status === "open").length, created_at: c.created_at, updated_at: c.updated_at };
}

function companyByName(name: string | null): Company | null {
  if (!name) return null;
  const found = db.companies.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (found) return found;
  const c: Company = { id: nextId++, name, domain: null, industry: null, size: null, address: { street: null, postal_code: null, city: null, region: null, country: null }, phone: null, website: null, owner: null, tags: [], custom: {}, created_at: now(), updated_at: now() };
  db.companies.push(c);
  return c;
}

function savePerson(input: any, id?: number): Person {
  if (!input.first_name.trim() && !input.last_name.trim()) fail("required", "a person needs a name", "first_name");
  input.emails.forEach((e: any, i: number) => !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e.value) && fail("invalid_email", "bad email", `emails.${i}.value`));
  const old = db.people.find((p) => p.id === id);
  const company = input.company_id ? db.companies.find((c) => c.id === input.company_id) ?? null : companyByName(input.company_name);
  const p: Person = { ...input, id: id ?? nextId++, emails: input.emails.map((e: any) => ({ ...e, value: e.value.toLowerCase() })), company_id: company?.id ?? null, company_name: company?.name ?? null, lead_status: input.lifecycle === "lead" ? input.lead_status ?? "open" : input.lead_status, created_at: old?.created_at ?? now(), updated_at: now() };
  db.people = old ? db.people.map((x) => (x.id === id ? p : x)) : [...db.people, p];
  return p;
}

function dealWithNames(d: Deal): Deal {
  const person = db.people.find((p) => p.id === d.person_id);
  const company = db.companies.find((c) => c.id === d.company_id);
  return { ...d, person_name: person ? `${person.first_name} ${person.last_name}` : null, company_name: company?.name ?? null };
}

function withLinks<T extends { person_id: number | null; company_id: number | null; deal_id: number | null }>(x: T) {
  const person = db.people.find((p) => p.id === x.person_id);
  return { ...x, person_name: person ? `${person.first_name} ${person.last_name}` : null, company_name: db.companies.find((c) => c.id === x.company_id)?.name ?? null, deal_title: db.deals.find((d) => d.id === x.deal_id)?.title ?? null };
}

function board(pipelineId: number): BoardColumn[] {
  const pipeline = db.pipelines.find((p) => p.id === pipelineId) as Pipeline;
  return pipeline.stages.map((stage) => {
    const deals = db.deals.filter((d) => d.stage_id === stage.id && d.status === "open").sort((a, b) => a.position - b.position).map(dealWithNames);
    const totals = new Map<string, number>();
    for (const d of deals) totals.set(d.currency, (totals.get(d.currency) ?? 0) + d.value_minor);
    return { stage, deals, count: deals.length, totals: [...totals].map(([currency, value_minor]) => ({ currency, value_minor })) };
  });
}

const LISTS: Record<Entity, () => any[]> = { person: () => db.people, company: () => db.companies, deal: () => db.deals, activity: () => db.activities, task: () => db.tasks };
const KEYS: Record<Entity, keyof typeof db> = { person: "people", company: "companies", deal: "deals", activity: "activities", task: "tasks" };
const title = (e: Entity, r: any) => (e === "person" ? `${r.first_name} ${r.last_name}` : r.name ?? r.title ?? r.subject ?? (r.body ?? "").split("\n")[0]);

function remove(entity: Entity, id: number) {
  const record = LISTS[entity]().find((r) => r.id === id) ?? fail("not_found", "not found");
  (db as any)[KEYS[entity]] = LISTS[entity]().filter((r) => r.id !== id);
  trash.unshift({ entity, id, title: title(entity, record), deleted_at: now(), record });
  return null;
}

function upsert<T extends { id: number }>(key: keyof typeof db, record: T): T {
  const list = (db as any)[key] as T[];
  (db as any)[key] = list.some((r) => r.id === record.id) ? list.map((r) => (r.id === record.id ? record : r)) : [...list, record];
  return record;
}

const handlers: Record<string, (a: Args) => unknown> = {
  app_info: () => ({ version: "0.1.0-dev", data_dir: "/home/sam/.local/share/eu.relata.desktop", schema_version: 1, os_locale: navigator.language, startup_error: null }),
  settings_get: () => settings,
  settings_set: (a) => (settings = a.settings),
  people_list: ({ query: q }) => {
    let all = db.people.filter((p) => !q.search || [p.first_name + " " + p.last_name, p.company_name, ...p.emails.map((e) => e.value)].some((s) => contains(s, q.search)));
    if (q.tag) all = all.filter((p) => p.tags.includes(q.tag));
    if (q.lifecycle) all = all.filter((p) => p.lifecycle === q.lifecycle);
    if (q.lead_status) all = all.filter((p) => p.lead_status === q.lead_status);
    if (q.company_id) all = all.filter((p) => p.company_id === q.company_id);
    const key = (p: Person) => (q.sort === "company" ? p.company_name ?? "" : q.sort === "lifecycle" ? p.lifecycle : q.sort === "created_at" ? p.created_at : q.sort === "updated_at" ? p.updated_at : `${p.last_name} ${p.first_name}`);
    all = [...all].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (q.desc ? -1 : 1));
    return page(all.map(personRow), q, q);
  },
  people_get: ({ id }) => db.people.find((p) => p.id === id) ?? fail("not_found", "person not found"),
  people_create: ({ input }) => savePerson(input),
  people_update: ({ id, input }) => savePerson(input, id),
  people_delete: ({ id }) => remove("person", id),
  companies_list: ({ query: q }) => {
    let all = db.companies.filter((c) => !q.search || contains(c.name, q.search) || contains(c.domain, q.search));
    if (q.industry) all = all.filter((c) => contains(c.industry, q.industry));
    if (q.tag) all = all.filter((c) => c.tags.includes(q.tag));
    all = [...all].sort((a, b) => a.name.localeCompare(b.name) * (q.desc ? -1 : 1));
    return page(all.map(companyRow), q, q);
  },
  companies_get: ({ id }) => db.companies.find((c) => c.id === id) ?? fail("not_found", "company not found"),
  companies_create: ({ input }) => upsert("companies", { ...input, id: nextId++, created_at: now(), updated_at: now() }),
  companies_update: ({ id, input }) => upsert("companies", { ...db.companies.find((c) => c.id === id), ...input, updated_at: now() }),
  companies_delete: ({ id }) => remove("company", id),
  pipelines_list: () => db.pipelines,
  deals_list: ({ query: q }) => page(db.deals.filter((d) => (!q.person_id || d.person_id === q.person_id) && (!q.company_id || d.company_id === q.company_id)).map(dealWithNames), q, q),
  deals_board: ({ pipelineId }) => board(pipelineId),
  deals_get: ({ id }) => dealWithNames(db.deals.find((d) => d.id === id) ?? fail("not_found", "deal not found")),
  deals_create: ({ input }) => {
    const pipeline = db.pipelines.find((p) => p.id === input.pipeline_id) ?? db.pipelines[0];
    return upsert("deals", dealWithNames({ ...input, id: nextId++, currency: input.currency || settings.default_currency, pipeline_id: pipeline.id, stage_id: input.stage_id ?? pipeline.stages[0].id, closed_at: null, position: 999, created_at: now(), updated_at: now(), person_name: null, company_name: null }));
  },
  deals_update: ({ id, input }) => upsert("deals", dealWithNames({ ...db.deals.find((d) => d.id === id)!, ...input, closed_at: input.status === "open" ? null : now(), updated_at: now() })),
  deals_move: ({ id, mv }) => {
    const deal = db.deals.find((d) => d.id === id)!;
    const column = db.deals.filter((d) => d.stage_id === mv.stage_id && d.id !== id && d.status === "open").sort((a, b) => a.position - b.position);
    column.splice(mv.index ?? column.length, 0, deal);
    column.forEach((d, i) => Object.assign(d, { position: i, stage_id: mv.stage_id }));
    return dealWithNames(deal);
  },
  deals_delete: ({ id }) => remove("deal", id),
  activities_timeline: ({ query: q }) => {
    const all = db.activities
      .filter((a) => (q.person_id && a.person_id === q.person_id) || (q.company_id && (a.company_id === q.company_id || db.people.some((p) => p.id === a.person_id && p.company_id === q.company_id))) || (q.deal_id && a.deal_id === q.deal_id))
      .filter((a) => q.kinds.length === 0 || q.kinds.includes(a.kind))
      .sort((a, b) => b.occurred_at - a.occurred_at)
      .map(withLinks);
    return page(all, q, q);
  },
  activities_create: ({ input }) => upsert("activities", withLinks({ ...input, id: nextId++, occurred_at: input.occurred_at ?? now(), created_at: now(), updated_at: now() }) as Activity),
  activities_update: ({ id, input }) => upsert("activities", withLinks({ ...db.activities.find((a) => a.id === id)!, ...input, updated_at: now() }) as Activity),
  activities_delete: ({ id }) => remove("activity", id),
  tasks_list: ({ query: q }) => {
    const all = db.tasks
      .filter((t) => q.state === "all" || (q.state === "done") === (t.done_at !== null))
      .filter((t) => (!q.person_id || t.person_id === q.person_id) && (!q.company_id || t.company_id === q.company_id) && (!q.deal_id || t.deal_id === q.deal_id) && (!q.search || contains(t.title, q.search)))
      .sort((a, b) => a.due_at - b.due_at)
      .map(withLinks);
    return page(all, q, q);
  },
  tasks_today: () => {
    const start = new Date();
    start.setHours(0, 0, 0, 0);
    const end = start.getTime() + 86_400_000;
    const open = db.tasks.filter((t) => t.done_at === null).sort((a, b) => a.due_at - b.due_at).map(withLinks);
    return { overdue: open.filter((t) => t.due_at < start.getTime()), today: open.filter((t) => t.due_at >= start.getTime() && t.due_at < end), day_start: start.getTime(), day_end: end };
  },
  tasks_get: ({ id }) => withLinks(db.tasks.find((t) => t.id === id) ?? fail("not_found", "task not found")),
  tasks_create: ({ input }) => upsert("tasks", withLinks({ ...input, id: nextId++, done_at: null, created_at: now(), updated_at: now() }) as Task),
  tasks_update: ({ id, input }) => upsert("tasks", withLinks({ ...db.tasks.find((t) => t.id === id)!, ...input, updated_at: now() }) as Task),
  tasks_set_done: ({ id, done }) => upsert("tasks", { ...db.tasks.find((t) => t.id === id)!, done_at: done ? now() : null }),
  tasks_delete: ({ id }) => remove("task", id),
  custom_fields_list: ({ entity }) => db.customFields.filter((f) => !entity || f.entity === entity),
  custom_fields_create: ({ input }) => upsert("customFields", { ...input, id: nextId++, key: input.label.toLowerCase().replace(/\W+/g, "_"), position: db.customFields.length } as CustomFieldDef),
  custom_fields_delete: ({ id }) => ((db.customFields = db.customFields.filter((f) => f.id !== id)), null),
  trash_list: () => trash.map(({ record: _r, ...item }) => item),
  trash_restore: ({ entity, id }) => {
    const at = trash.findIndex((t) => t.entity === entity && t.id === id);
    if (at < 0) fail("not_found", "not in trash");
    upsert(KEYS[entity as Entity], trash.splice(at, 1)[0].record as { id: number });
    return null;
  },
  trash_purge: ({ entity, id }) => (trash.splice(trash.findIndex((t) => t.entity === entity && t.id === id), 1), null),
  trash_empty: () => trash.splice(0).length,
  search_global: ({ query, limit }) =>
    [
      ...db.people.filter((p) => contains(`${p.first_name} ${p.last_name}`, query)).map((p) => ({ entity: "person", id: p.id, title: `${p.first_name} ${p.last_name}`, subtitle: p.company_name })),
      ...db.companies.filter((c) => contains(c.name, query)).map((c) => ({ entity: "company", id: c.id, title: c.name, subtitle: c.domain })),
      ...db.deals.filter((d) => contains(d.title, query)).map((d) => ({ entity: "deal", id: d.id, title: d.title, subtitle: null })),
    ].slice(0, limit),
};

export function installMockBackend(): void {
  mockIPC(
    async (cmd, args) => {
      const handler = handlers[cmd];
      if (!handler) throw `unknown command ${cmd}`;
      await new Promise((r) => setTimeout(r, 60));
      const result = handler((args ?? {}) as Args);
      const entity = /^(people|companies|deals|activities|tasks)_(create|update|delete|move|set_done)$/.exec(cmd)?.[1];
      if (entity) void emit("data-changed", { entity: { people: "person", companies: "company", deals: "deal", activities: "activity", tasks: "task" }[entity] });
      return result;
    },
    { shouldMockEvents: true },
  );
}
