import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { FilterField, FilterValue } from "../bindings";
import { addTo, emptyGroup, newCondition, removeNode, setFieldOp, updateNode, type CondNode, type GroupNode, type Join, type TreeNode } from "../lib/segmentTree";
import { Icon } from "./Icon";
import { ProductPicker } from "./ProductPicker";

/** A field's label: the core's label key, or a custom field's or consent purpose's own label after its kind. */
export function fieldLabel(t: TFunction, f: FilterField): string {
  return f.label ? `${t(f.label_key)}: ${f.label}` : t(f.label_key);
}

type Props = {
  root: GroupNode;
  fields: FilterField[];
  onChange: (root: GroupNode) => void;
  /** The node the core's error names, and its message. */
  error: { id: number; message: string } | null;
};

/** Rows of "field – operator – value" in AND/OR groups with "not", from the core's catalogue of fields. */
export function SegmentBuilder({ root, fields, onChange, error }: Props) {
  return <Group node={root} isRoot ctx={{ root, fields, onChange, error }} />;
}

type Ctx = Props;

function Group({ node, isRoot, ctx }: { node: GroupNode; isRoot?: boolean; ctx: Ctx }) {
  const { t } = useTranslation();
  const set = (f: (n: TreeNode) => TreeNode | null) => ctx.onChange(updateNode(ctx.root, node.id, f));
  const add = (child: TreeNode) => ctx.onChange(addTo(ctx.root, node.id, child));
  return (
    <fieldset className={`segment-group ${node.negated ? "is-negated" : ""}`} data-testid="segment-group">
      <legend className="segment-group-head">
        <NotToggle negated={node.negated} onChange={(negated) => set((n) => ({ ...n, negated }))} />
        <select aria-label={t("segments.join")} data-testid="segment-join" value={node.join} onChange={(e) => set((n) => ({ ...n, join: e.target.value as Join }))}>
          <option value="all">{t("segments.all")}</option>
          <option value="any">{t("segments.any")}</option>
        </select>
        {!isRoot && (
          <button type="button" className="icon-button danger" data-testid="segment-remove-group" aria-label={t("segments.removeGroup")} title={t("segments.removeGroup")} onClick={() => set(() => null)}>
            <Icon name="close" />
          </button>
        )}
      </legend>
      {error(ctx, node)}
      {node.items.map((item) => (item.type === "group" ? <Group key={item.id} node={item} ctx={ctx} /> : <Condition key={item.id} node={item} ctx={ctx} />))}
      <div className="segment-group-actions">
        <button type="button" className="button" data-testid="segment-add-condition" disabled={ctx.fields.length === 0} onClick={() => add(newCondition(ctx.fields[0]))}>
          <Icon name="plus" /> {t("segments.addCondition")}
        </button>
        <button type="button" className="button" data-testid="segment-add-group" onClick={() => add(emptyGroup(node.join === "all" ? "any" : "all"))}>
          <Icon name="plus" /> {t("segments.addGroup")}
        </button>
      </div>
    </fieldset>
  );
}

function error(ctx: Ctx, node: TreeNode) {
  if (ctx.error?.id !== node.id) return null;
  return (
    <p className="field-error" role="alert" data-testid="segment-error">
      {ctx.error.message}
    </p>
  );
}

function NotToggle({ negated, onChange }: { negated: boolean; onChange: (v: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <label className="segment-not" title={t("segments.notHint")}>
      <input type="checkbox" data-testid="segment-not" checked={negated} onChange={(e) => onChange(e.target.checked)} />
      {t("segments.not")}
    </label>
  );
}

function Condition({ node, ctx }: { node: CondNode; ctx: Ctx }) {
  const { t } = useTranslation();
  const field = ctx.fields.find((f) => f.name === node.field);
  const set = (f: (n: CondNode) => CondNode | null) => ctx.onChange(updateNode(ctx.root, node.id, (n) => f(n as CondNode)));
  return (
    <div className={`segment-condition ${ctx.error?.id === node.id ? "has-error" : ""}`} data-testid="segment-condition">
      <NotToggle negated={node.negated} onChange={(negated) => set((n) => ({ ...n, negated }))} />
      <select
        aria-label={t("segments.fieldLabel")}
        data-testid="segment-field"
        value={node.field}
        onChange={(e) => {
          const next = ctx.fields.find((f) => f.name === e.target.value);
          if (next) set((n) => setFieldOp(n, field, next, n.op));
        }}
      >
        {!field && <option value={node.field}>{node.field}</option>}
        {ctx.fields.map((f) => (
          <option key={f.name} value={f.name}>
            {fieldLabel(t, f)}
          </option>
        ))}
      </select>
      <select aria-label={t("segments.opLabel")} data-testid="segment-op" value={node.op} onChange={(e) => field && set((n) => setFieldOp(n, field, field, e.target.value as CondNode["op"]))}>
        {(field?.ops ?? [node.op]).map((op) => (
          <option key={op} value={op}>
            {t(`segments.op.${op}`)}
          </option>
        ))}
      </select>
      <ValueInput node={node} field={field} onChange={(value) => set((n) => ({ ...n, value }))} />
      <button type="button" className="icon-button danger" data-testid="segment-remove-condition" aria-label={t("segments.removeCondition")} title={t("segments.removeCondition")} onClick={() => ctx.onChange(removeNode(ctx.root, node.id))}>
        <Icon name="close" />
      </button>
      {error(ctx, node)}
    </div>
  );
}

/** The value's input by the field's kind: text, number, date, yes/no, the core's choices, a product, or a list. */
function ValueInput({ node, field, onChange }: { node: CondNode; field: FilterField | undefined; onChange: (v: FilterValue | null) => void }) {
  const { t } = useTranslation();
  const label = t("segments.valueLabel");
  if (node.value === null) return <span />;
  const kind = field?.kind ?? "text";
  if (node.op === "within_last_days") {
    return (
      <label className="segment-days">
        <input type="number" min={0} step={1} aria-label={label} data-testid="segment-value" value={Number(node.value)} onChange={(e) => onChange(e.target.valueAsNumber || 0)} />
        <span className="muted small">{t("segments.days")}</span>
      </label>
    );
  }
  if (Array.isArray(node.value)) {
    const list = node.value;
    if (kind === "choice" && field) {
      return (
        <select multiple aria-label={label} data-testid="segment-value" value={list} onChange={(e) => onChange(Array.from(e.target.selectedOptions, (o) => o.value))}>
          {field.choices.map((c) => (
            <option key={c} value={c}>
              {choiceLabel(t, field, c)}
            </option>
          ))}
        </select>
      );
    }
    return <input type="text" aria-label={label} data-testid="segment-value" placeholder={t("segments.listHint")} value={list.join(", ")} onChange={(e) => onChange(e.target.value.split(",").map((s) => s.trim()).filter(Boolean))} />;
  }
  switch (kind) {
    case "number":
      return <input type="number" aria-label={label} data-testid="segment-value" value={Number(node.value)} onChange={(e) => onChange(Number.isNaN(e.target.valueAsNumber) ? 0 : e.target.valueAsNumber)} />;
    case "date":
    case "time":
      return <input type="date" aria-label={label} data-testid="segment-value" value={String(node.value)} onChange={(e) => onChange(e.target.value)} />;
    case "boolean":
      return (
        <select aria-label={label} data-testid="segment-value" value={String(node.value)} onChange={(e) => onChange(e.target.value === "true")}>
          <option value="true">{t("common.yes")}</option>
          <option value="false">{t("common.no")}</option>
        </select>
      );
    case "product":
      return <ProductPicker label={label} value={String(node.value)} onChange={onChange} />;
    case "choice":
      return (
        <select aria-label={label} data-testid="segment-value" value={String(node.value)} onChange={(e) => onChange(e.target.value)}>
          {(field?.choices ?? []).map((c) => (
            <option key={c} value={c}>
              {field ? choiceLabel(t, field, c) : c}
            </option>
          ))}
        </select>
      );
    default:
      return <input type="text" aria-label={label} data-testid="segment-value" placeholder={kind === "money" ? t("segments.moneyHint") : undefined} value={String(node.value)} onChange={(e) => onChange(e.target.value)} />;
  }
}

/** The built-in choice lists have translated labels; stage names and custom choices are the user's own text. */
function choiceLabel(t: TFunction, f: FilterField, choice: string): string {
  const keys: Record<string, string> = { lifecycle: "lifecycle", lead_status: "leadStatus", preferred_channel: "channel", band: "scoring.band" };
  const base = keys[f.name];
  return base ? t(`${base}.${choice}`, { defaultValue: choice }) : choice;
}
