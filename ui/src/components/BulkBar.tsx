import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { BulkAction, ExportFormat, PeopleSelection } from "../bindings";
import { api } from "../api/client";
import { useQuery } from "../hooks/useQuery";
import { useToast } from "./Toast";

type Kind = BulkAction["kind"];
const KINDS: Kind[] = ["add_tag", "remove_tag", "set_owner", "start_cadence", "add_to_campaign"];

type Props = {
  /** How many people are selected (shown; the core resolves the selection itself). */
  count: number;
  /** The segment's size, for "select all N". */
  total: number;
  allSelected: boolean;
  selection: PeopleSelection;
  /** The suggested export file name. */
  fileName: string;
  /** The "select all N" label (default: the segment's "Select all N members"). */
  selectAllKey?: string;
  onSelectAll: () => void;
  onClear: () => void;
};

/** The actions over the selected people of a list: tag, untag, owner, cadence, campaign, CSV and vCard export. */
export function BulkBar(p: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const [kind, setKind] = useState<Kind>("add_tag");
  const [text, setText] = useState("");
  const [picked, setPicked] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const cadences = useQuery(() => api.cadencesList(), "cadences", []);
  const campaigns = useQuery(() => api.campaignsList(), "campaigns", ["campaign"]);
  const options = kind === "start_cadence" ? cadences.data ?? [] : kind === "add_to_campaign" ? campaigns.data ?? [] : null;
  const chosen = picked ?? options?.[0]?.id ?? null;

  const action = (): BulkAction | null => {
    switch (kind) {
      case "add_tag":
      case "remove_tag":
        return text.trim() ? { kind, tag: text.trim() } : null;
      case "set_owner":
        return { kind, owner: text.trim() };
      case "start_cadence":
        return chosen === null ? null : { kind, cadence_id: chosen };
      case "add_to_campaign":
        return chosen === null ? null : { kind, campaign_id: chosen };
    }
  };

  const apply = async () => {
    const a = action();
    if (!a || busy) return;
    setBusy(true);
    try {
      const r = await api.peopleBulk(p.selection, a);
      toast.show(t("bulk.done", { count: r.changed, skipped: r.skipped }), { kind: "success" });
      p.onClear();
    } catch (e) {
      toast.error(e);
    } finally {
      setBusy(false);
    }
  };

  const exportAs = async (format: ExportFormat) => {
    try {
      const path = await api.pickFile(format === "csv" ? "save_people_csv" : "save_people_vcard", p.fileName);
      if (!path) return;
      const r = await api.peopleExportSave(path, p.selection, format);
      toast.show(t("bulk.exported", { count: r.count }), { kind: "success" });
    } catch (e) {
      toast.error(e);
    }
  };

  return (
    <div className="bulk-bar" role="toolbar" aria-label={t("bulk.label")} data-testid="bulk-bar">
      <strong data-testid="bulk-count">{t("bulk.selected", { count: p.count })}</strong>
      {!p.allSelected && p.total > p.count && (
        <button type="button" className="button" data-testid="bulk-select-all" onClick={p.onSelectAll}>
          {t(p.selectAllKey ?? "bulk.selectAll", { count: p.total })}
        </button>
      )}
      <select aria-label={t("bulk.action")} data-testid="bulk-kind" value={kind} onChange={(e) => (setKind(e.target.value as Kind), setPicked(null))}>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`bulk.kinds.${k}`)}
          </option>
        ))}
      </select>
      {options ? (
        <select aria-label={t(`bulk.kinds.${kind}`)} data-testid="bulk-target" value={chosen ?? ""} onChange={(e) => setPicked(Number(e.target.value))}>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      ) : (
        <input
          aria-label={t(kind === "set_owner" ? "bulk.owner" : "bulk.tag")}
          placeholder={t(kind === "set_owner" ? "bulk.ownerHint" : "bulk.tag")}
          data-testid="bulk-text"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      )}
      <button type="button" className="button button-primary" data-testid="bulk-apply" disabled={busy || !action()} onClick={() => void apply()}>
        {t("bulk.apply")}
      </button>
      <button type="button" className="button" data-testid="bulk-export-csv" onClick={() => void exportAs("csv")}>
        {t("bulk.exportCsv")}
      </button>
      <button type="button" className="button" data-testid="bulk-export-vcard" onClick={() => void exportAs("vcard")}>
        {t("bulk.exportVcard")}
      </button>
      <button type="button" className="button" data-testid="bulk-clear" onClick={p.onClear}>
        {t("bulk.clear")}
      </button>
    </div>
  );
}
