import type { TFunction } from "i18next";
import type { PersonRow } from "../bindings";
import { formatDay } from "../lib/dates";
import { LeadStatusBadge, LifecycleBadge } from "./Badge";
import { PhoneLink } from "./PhoneLink";
import type { Column } from "./DataTable";
import { ScoreBadge } from "./ScoreBadge";
import { Tags } from "./Tags";

/** The people list's columns, shared by the People page and a segment's members. */
export function personColumns(t: TFunction, locale: string): Column<PersonRow>[] {
  return [
    { id: "name", header: t("fields.name"), width: "minmax(150px, 2fr)", sort: "name", render: (r) => <span className="strong">{r.display_name}</span> },
    { id: "company", header: t("fields.company"), width: "minmax(110px, 1.5fr)", sort: "company", render: (r) => r.company_name ?? "" },
    { id: "job", header: t("fields.job_title"), width: "minmax(90px, 1.2fr)", render: (r) => r.job_title ?? "" },
    { id: "email", header: t("fields.email"), width: "minmax(130px, 1.6fr)", render: (r) => r.email ?? "" },
    { id: "phone", header: t("fields.phone"), width: "minmax(100px, 1fr)", render: (r) => (r.phone ? <PhoneLink number={r.phone} target={{ personId: r.id, companyId: null, name: r.display_name }} /> : "") },
    {
      id: "lifecycle",
      header: t("fields.lifecycle"),
      width: "minmax(140px, 1.3fr)",
      sort: "lifecycle",
      render: (r) => (
        <span className="badges">
          <LifecycleBadge value={r.lifecycle} />
          {r.lifecycle === "lead" && r.lead_status && <LeadStatusBadge value={r.lead_status} />}
        </span>
      ),
    },
    { id: "score", header: t("scoring.score"), width: "110px", sort: "score", render: (r) => <ScoreBadge score={r.score} band={r.score_band} /> },
    { id: "tags", header: t("fields.tags"), width: "minmax(70px, 1fr)", render: (r) => <Tags tags={r.tags} /> },
    { id: "updated", header: t("fields.updated_at"), width: "120px", sort: "updated_at", render: (r) => formatDay(r.updated_at, locale) },
  ];
}
