import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Activity, MailActivityInfo } from "../bindings";
import { api } from "../api/client";
import { ComposeMailDialog, type ComposeTarget } from "./ComposeMailDialog";
import { Icon } from "./Icon";
import { useToast } from "./Toast";

/** "Reply" on a received email: the compose dialog for its person, answering that message. */
export function ReplyButton({ a, info }: { a: Activity; info: MailActivityInfo }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [target, setTarget] = useState<ComposeTarget | null>(null);
  if (a.person_id === null) return null;
  const personId = a.person_id;
  const open = async () => {
    try {
      const p = await api.peopleGet(personId);
      setTarget({ personId, name: p.display_name, emails: p.emails.map((e) => e.value), dealId: a.deal_id });
    } catch (e) {
      toast.error(e);
    }
  };
  return (
    <>
      <button type="button" className="link-button mail-reply" onClick={() => void open()} data-testid="mail-reply">
        <Icon name="back" size={12} /> {t("mail.reply")}
      </button>
      {target && <ComposeMailDialog target={target} reply={{ messageId: info.message_id, subject: a.subject }} onClose={() => setTarget(null)} />}
    </>
  );
}
