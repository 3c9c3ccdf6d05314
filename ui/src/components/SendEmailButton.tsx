import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { MailBounce } from "../bindings";
import { api } from "../api/client";
import { useHotkey } from "../hooks/useHotkey";
import { ComposeMailDialog, type ComposeTarget } from "./ComposeMailDialog";
import { Icon } from "./Icon";
import { useToast } from "./Toast";

type Props = {
  /** The recipient when the page has them loaded (person page); otherwise `personId` is loaded on demand. */
  target?: ComposeTarget | null;
  personId?: number | null;
  dealId?: number | null;
  bounces?: MailBounce[];
};

/** The record page's "Send email" action (M): the compose dialog for the record's person. */
export function SendEmailButton({ target, personId, dealId = null, bounces }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const [open, setOpen] = useState<ComposeTarget | null>(null);
  const id = target?.personId ?? personId ?? null;
  const enabled = id !== null && (target ? target.emails.length > 0 : true);
  const start = async () => {
    if (target) return setOpen({ ...target, dealId: target.dealId ?? dealId });
    if (id === null) return;
    try {
      const p = await api.peopleGet(id);
      setOpen({ personId: id, name: p.display_name, emails: p.emails.map((e) => e.value), dealId });
    } catch (e) {
      toast.error(e);
    }
  };
  useHotkey("m", () => void start(), enabled);
  return (
    <>
      <button type="button" className="button" data-testid="send-email" disabled={!enabled} title={`${t("mail.compose.action")} (M)`} onClick={() => void start()}>
        <Icon name="email" /> {t("mail.compose.action")}
      </button>
      {open && <ComposeMailDialog target={open} bounces={bounces} onClose={() => setOpen(null)} />}
    </>
  );
}
