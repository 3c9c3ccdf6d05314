// The selection parts a people list shares (a segment's, the People page's): the checkbox column, and above
// the table either the bulk bar or the "select all N" button.
import { useTranslation } from "react-i18next";
import { BulkBar } from "./BulkBar";
import { isSelected, selectedCount, toSelection, type SelectionScope, type useSelection } from "../hooks/useSelection";

type Selection = ReturnType<typeof useSelection>;

/** The column with one checkbox per row. */
export function useTickColumn(selection: Selection) {
  const { t } = useTranslation();
  return {
    id: "select",
    header: t("bulk.selectRow"),
    hideHeader: true,
    width: "36px",
    render: (r: { id: number; display_name: string }) => (
      <input
        type="checkbox"
        data-testid="person-select"
        aria-label={t("bulk.selectPerson", { name: r.display_name })}
        checked={isSelected(selection.state, r.id)}
        onClick={(e) => e.stopPropagation()}
        onChange={() => selection.toggle(r.id)}
      />
    ),
  };
}

type Props = {
  selection: Selection;
  /** How many people the whole list holds. */
  total: number;
  /** What "select all" stands for. */
  scope: SelectionScope;
  fileName: string;
  /** The "select all N" label (default: the segment's "Select all N members"). */
  selectAllKey?: string;
};

/** The bulk bar while something is selected, else "select all N" when the list has anyone. */
export function BulkSelection({ selection, total, scope, fileName, selectAllKey = "bulk.selectAll" }: Props) {
  const { t } = useTranslation();
  const selected = selectedCount(selection.state, total);
  if (selected > 0 || selection.state.all) {
    return (
      <BulkBar
        count={selected}
        total={total}
        allSelected={selection.state.all}
        selection={toSelection(selection.state, scope)}
        fileName={fileName}
        selectAllKey={selectAllKey}
        onSelectAll={selection.selectAll}
        onClear={selection.clear}
      />
    );
  }
  if (total <= 0) return null;
  return (
    <div className="toolbar">
      <button type="button" className="button" data-testid="bulk-select-all" onClick={selection.selectAll}>
        {t(selectAllKey, { count: total })}
      </button>
    </div>
  );
}
