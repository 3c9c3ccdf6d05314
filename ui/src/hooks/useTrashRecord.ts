import { useTranslation } from "react-i18next";
import type { Entity } from "../bindings";
import { api } from "../api/client";
import { useToast } from "../components/Toast";

/**
 * Deletes at once (the record goes to the trash) and offers Undo, instead of asking first:
 * the trash makes the delete safe, and a confirm on every delete slows people down.
 */
export function useTrashRecord() {
  const { t } = useTranslation();
  const toast = useToast();
  return async (entity: Entity, id: number, title: string, remove: () => Promise<unknown>, after: () => void, undone?: () => void) => {
    try {
      await remove();
      after();
      toast.show(t("toast.trashed", { title }), {
        action: {
          label: t("common.undo"),
          run: () =>
            api.trashRestore(entity, id).then(() => undone?.(), toast.error),
        },
      });
    } catch (e) {
      toast.error(e);
    }
  };
}
