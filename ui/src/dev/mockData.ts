// Deterministic sample data for the dev stand-in: enough rows to exercise virtualization and paging.
import type { Activity, Company, CustomFieldDef, Deal, LeadStatus, Lifecycle, Person, Pipeline, Task } from "../bindings";

const FIRST = ["Anna", "Bram", "Clara", "Daan", "Eva", "Finn", "Greta", "Hugo", "Ines", "Jonas", "Katrine", "Lars", "Mette", "Niels", "Olga", "Pieter", "Quinn", "Rosa", "Sven", "Tess"];
const LAST = ["de Vries", "Jansen", "Müller", "Schmidt", "Nielsen", "Hansen", "Bakker", "Visser", "Weber", "Jensen", "Smit", "Fischer", "Pedersen", "Meijer", "Wagner"];
const COMPANIES = ["Acme Logistics", "Bakkerij Brood & Co", "Copenhagen Coffee", "Delta Solar", "Elbe Maschinenbau", "Fjord Fisk", "Groen Hoveniers", "Hafen Handel", "IJssel Bouw", "Jutland Wind", "Kanaal Media", "Lübeck Logistik"];
const INDUSTRIES = ["Logistics", "Food", "Energy", "Manufacturing", "Media", "Construction"];
const CITIES: [string, string][] = [["Amsterdam", "NL"], ["Utrecht", "NL"], ["Hamburg", "DE"], ["Berlin", "DE"], ["København", "DK"], ["Aarhus", "DK"]];
const LIFECYCLES: Lifecycle[] = ["lead", "qualified", "customer", "churned"];
const DAY = 86_400_000;

const empty = { street: null, postal_code: null, city: null, region: null, country: null };

export function seed() {
  const t0 = Date.now();
  const companies: Company[] = COMPANIES.map((name, i) => ({
    id: i + 1,
    name,
    domain: `${name.toLowerCase().replace(/[^a-z]+/g, "")}.example`,
    industry: INDUSTRIES[i % INDUSTRIES.length],
    size: (["micro", "small", "medium", "large", "enterprise"] as const)[i % 5],
    address: { ...empty, city: CITIES[i % CITIES.length][0], country: CITIES[i % CITIES.length][1] },
    phone: `+3120555${String(1000 + i)}`,
    website: `https://${name.toLowerCase().replace(/[^a-z]+/g, "")}.example`,
    owner: i % 2 ? "Sam" : "Robin",
    tags: i % 3 === 0 ? ["key account"] : [],
    custom: {},
    created_at: t0 - (50 - i) * DAY,
    updated_at: t0 - i * DAY,
  }));
  const people: Person[] = Array.from({ length: 420 }, (_, i) => {
    const company = companies[i % companies.length];
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 7) % LAST.length];
    const lifecycle = LIFECYCLES[i % 4];
    return {
      id: 100 + i,
      first_name: first,
      last_name: i < LAST.length * FIRST.length ? last : `${last} ${i}`,
      emails: [{ label: "work", value: `${first.toLowerCase()}.${i}@${company.domain}` }],
      phones: i % 3 ? [{ label: "mobile", value: `+316${String(10000000 + i * 37)}` }] : [],
      address: { ...empty, city: company.address.city, country: company.address.country },
      socials: [],
      company_id: company.id,
      company_name: company.name,
      job_title: ["CEO", "Buyer", "Office manager", "Head of sales", "CFO"][i % 5],
      owner: i % 2 ? "Sam" : "Robin",
      tags: i % 5 === 0 ? ["newsletter"] : i % 7 === 0 ? ["vip", "event 2025"] : [],
      source: i % 4 === 0 ? "website" : null,
      preferred_channel: i % 2 ? "email" : "phone",
      language: ["nl", "de", "da", "en"][i % 4],
      lifecycle,
      lead_status: lifecycle === "lead" ? ((["open", "lost", "open"] as LeadStatus[])[i % 3]) : null,
      external_id: null,
      custom: (i % 6 === 0 ? { contract_end: "2026-03-31", vip: true } : {}) as Person["custom"],
      created_at: t0 - (400 - i) * DAY / 4,
      updated_at: t0 - (i % 30) * DAY,
    };
  });
  const pipelines: Pipeline[] = [
    { id: 1, name: "Sales", system_key: "sales", position: 0, stages: [["qualification", "Qualification", 10], ["meeting", "Meeting", 25], ["proposal", "Proposal", 50], ["negotiation", "Negotiation", 75]].map(([key, name, p], i) => ({ id: 10 + i, pipeline_id: 1, name: name as string, system_key: key as string, position: i, probability: p as number })) },
    { id: 2, name: "Renewals", system_key: "renewals", position: 1, stages: [["check_in", "Check-in", 20], ["offer", "Offer", 50], ["decision", "Decision", 80]].map(([key, name, p], i) => ({ id: 20 + i, pipeline_id: 2, name: name as string, system_key: key as string, position: i, probability: p as number })) },
  ];
  const currencies = ["EUR", "EUR", "DKK", "EUR", "GBP"];
  const deals: Deal[] = Array.from({ length: 18 }, (_, i) => ({
    id: 500 + i,
    title: `${["Fleet renewal", "Website relaunch", "Solar roof", "Coffee supply", "Maintenance contract", "Consulting"][i % 6]} ${2025 + (i % 2)}`,
    value_minor: (i + 1) * 123_450,
    currency: currencies[i % currencies.length],
    pipeline_id: 1,
    stage_id: 10 + (i % 4),
    expected_close: `2026-0${(i % 9) + 1}-15`,
    probability: null,
    status: i === 17 ? "won" : "open",
    lost_reason: null,
    closed_at: null,
    person_id: 100 + i,
    person_name: null,
    company_id: companies[i % companies.length].id,
    company_name: null,
    owner: i % 2 ? "Sam" : "Robin",
    position: i,
    custom: {},
    created_at: t0 - i * DAY,
    updated_at: t0 - i * DAY,
  }));
  const activities: Activity[] = Array.from({ length: 60 }, (_, i) => ({
    id: 1000 + i,
    kind: (["call", "note", "email", "meeting"] as const)[i % 4],
    direction: i % 4 === 1 ? null : i % 2 ? "inbound" : "outbound",
    subject: i % 4 === 1 ? "" : ["Discussed the offer", "Intro call", "Sent price list", "Quarterly review"][i % 4],
    body: i % 4 === 1 ? "Prefers delivery on Tuesdays.\nAsk about the second warehouse." : i % 3 ? "Follow up next week with numbers." : null,
    occurred_at: t0 - i * DAY / 3,
    duration_secs: i % 4 === 0 ? 900 : null,
    person_id: 100 + (i % 6),
    person_name: null,
    company_id: null,
    company_name: null,
    deal_id: i % 5 === 0 ? 500 + (i % 6) : null,
    deal_title: null,
    created_at: t0,
    updated_at: t0,
  }));
  const tasks: Task[] = Array.from({ length: 14 }, (_, i) => ({
    id: 2000 + i,
    title: ["Call back about the offer", "Send contract", "Prepare demo", "Check invoice", "Visit warehouse", "Ask for referral", "Renewal reminder"][i % 7],
    notes: null,
    due_at: t0 + (i - 4) * DAY / 2,
    remind_at: null,
    done_at: i === 13 ? t0 : null,
    person_id: 100 + i,
    person_name: null,
    company_id: null,
    company_name: null,
    deal_id: null,
    deal_title: null,
    owner: "Sam",
    created_at: t0,
    updated_at: t0,
  }));
  const customFields: CustomFieldDef[] = [
    { id: 1, entity: "person", key: "contract_end", label: "Contract end", kind: "date", choices: [], position: 0 },
    { id: 2, entity: "person", key: "vip", label: "VIP", kind: "boolean", choices: [], position: 1 },
    { id: 3, entity: "deal", key: "segment", label: "Segment", kind: "choice", choices: ["SMB", "Mid-market", "Enterprise"], position: 0 },
  ];
  return { companies, people, pipelines, deals, activities, tasks, customFields };
}
