// The Import page's parts for order lines: the currency and time zone of a file that does not say them and
// what becomes of lines without a customer, before the import; what the lines became, after it.
import { useTranslation } from "react-i18next";
import type { AnonymousPolicy, OrderImportStats } from "../bindings";
import { SelectField, TextField } from "./Field";
import { currencyOptions } from "../lib/money";
import { systemZone, TIME_ZONES } from "../lib/zones";
import { useLocale } from "../i18n";

export type OrderChoices = { currency: string; timezone: string; anonymous: AnonymousPolicy };

/** The app's currency, the system's time zone, and anonymous lines imported (the core's defaults). */
export function orderChoices(currency: string): OrderChoices {
  return { currency, timezone: systemZone(), anonymous: "import" };
}

/** The import options these choices stand for (an empty zone leaves it to the core: the system's). */
export function orderOptions(c: OrderChoices) {
  return { currency: c.currency, timezone: c.timezone.trim() || null, anonymous: c.anonymous };
}

const POLICIES: AnonymousPolicy[] = ["import", "skip"];

export function OrderOptionsFields({ value, onChange }: { value: OrderChoices; onChange: (v: OrderChoices) => void }) {
  const { t } = useTranslation();
  return (
    <div className="import-signups" data-testid="import-order-options">
      <SelectField
        label={t("import.orders.currency")}
        name="order_currency"
        hint={t("import.orders.currencyHint")}
        value={value.currency}
        onChange={(e) => onChange({ ...value, currency: e.target.value })}
        options={currencyOptions(value.currency).map((c) => ({ value: c, label: c }))}
      />
      <TextField
        label={t("import.orders.timezone")}
        name="order_timezone"
        hint={t("import.orders.timezoneHint")}
        value={value.timezone}
        list="import-zones"
        autoComplete="off"
        onChange={(e) => onChange({ ...value, timezone: e.target.value })}
      />
      <datalist id="import-zones">
        {TIME_ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <SelectField
        label={t("import.orders.anonymous")}
        name="order_anonymous"
        hint={t("import.orders.anonymousHint")}
        value={value.anonymous}
        onChange={(e) => onChange({ ...value, anonymous: e.target.value as AnonymousPolicy })}
        options={POLICIES.map((p) => ({ value: p, label: t(`import.orders.policies.${p}`) }))}
      />
    </div>
  );
}

/** What an order-lines import made of its lines. */
export function OrderResult({ stats }: { stats: OrderImportStats }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const n = (count: number) => count.toLocaleString(locale);
  return (
    <div className="import-signup-result" data-testid="import-order-result">
      <p>
        {t("import.orders.summary", {
          orders: n(stats.orders),
          returns: n(stats.returns),
          customers: n(stats.customers_created),
          products: n(stats.products_created),
        })}
      </p>
      {stats.anonymous_imported + stats.anonymous_skipped > 0 && (
        <p>{t("import.orders.anonymousSummary", { imported: n(stats.anonymous_imported), skipped: n(stats.anonymous_skipped) })}</p>
      )}
      {stats.existing_skipped > 0 && <p>{t("import.orders.existing", { count: stats.existing_skipped })}</p>}
    </div>
  );
}
