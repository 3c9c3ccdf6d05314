import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TrashItem } from "../bindings";
import { api } from "../api/client";
import { Dialog } from "../components/Dialog";
import { EmptyState, Skeleton } from "../components/EmptyState";
import { Icon } from "../components/Icon";
import { useToast } from "../components/Toast";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatDateTime, formatDayTime } from "../lib/dates";

type Confirm = { kind: "purge"; item: TrashItem } | { kind: "empty" };

export function TrashPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const trash = useQuery(() => api.trashList(), "trash", ["person", "company", "deal", "activity", "task", "order"]);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const items = trash.data ?? [];

  const restore = async (item: TrashItem) => {
    try {
      await api.trashRestore(item.entity, item.id);
      toast.show(t("trash.restored", { title: item.title }), { kind: "success" });
    } catch (e) {
      toast.error(e);
    }
  };
  const run = async () => {
    if (!confirm) return;
    const c = confirm;
    setConfirm(null);
    try {
      if (c.kind === "purge") await api.trashPurge(c.item.entity, c.item.id);
      else toast.show(t("trash.emptied", { count: await api.trashEmpty() }));
    } catch (e) {
      toast.error(e);
    }
  };

  return (
    <section className="page trash-page" data-testid="trash-page">
      <header className="page-header">
        <div>
          <h1>{t("nav.trash")}</h1>
          <p className="page-subtitle">{t("trash.subtitle")}</p>
        </div>
        <button type="button" className="button button-danger" disabled={items.length === 0} onClick={() => setConfirm({ kind: "empty" })}>
          {t("trash.empty")}
        </button>
      </header>
      {trash.loading && !trash.data ? (
        <Skeleton lines={4} />
      ) : items.length === 0 ? (
        <EmptyState icon="trash" title={t("trash.nothing")} hint={t("trash.nothingHint")} />
      ) : (
        <table className="simple-table">
          <thead>
            <tr>
              <th scope="col">{t("fields.name")}</th>
              <th scope="col">{t("trash.type")}</th>
              <th scope="col">{t("trash.deletedAt")}</th>
              <th scope="col"><span className="sr-only">{t("trash.actions")}</span></th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={`${item.entity}-${item.id}`} data-testid="trash-row">
                <td className="strong">{item.title}</td>
                <td>{t(`entity.${item.entity}`)}</td>
                <td title={formatDateTime(item.deleted_at, locale)}>{formatDayTime(item.deleted_at, locale)}</td>
                <td>
                  <div className="row-actions">
                    <button type="button" className="button" onClick={() => restore(item)}>
                      <Icon name="restore" /> {t("trash.restore")}
                    </button>
                    <button type="button" className="button button-danger-quiet" onClick={() => setConfirm({ kind: "purge", item })}>
                      {t("trash.purge")}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirm && (
        <Dialog
          title={confirm.kind === "empty" ? t("trash.emptyConfirmTitle") : t("trash.purgeConfirmTitle")}
          onClose={() => setConfirm(null)}
          size="small"
          footer={
            <>
              <button type="button" className="button" onClick={() => setConfirm(null)} data-autofocus>
                {t("common.cancel")}
              </button>
              <button type="button" className="button button-danger" onClick={run} data-testid="confirm-delete">
                {confirm.kind === "empty" ? t("trash.empty") : t("trash.purge")}
              </button>
            </>
          }
        >
          <p>{confirm.kind === "empty" ? t("trash.emptyConfirm", { count: items.length }) : t("trash.purgeConfirm", { title: confirm.item.title })}</p>
        </Dialog>
      )}
    </section>
  );
}
