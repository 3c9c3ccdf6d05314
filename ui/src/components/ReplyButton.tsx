import { useTranslation } from "react-i18next";
import type { Activity, MailActivityInfo } from "../bindings";
import { openCompose } from "./ComposeHost";
import { Icon } from "./Icon";

/** "Reply" on a received email: the compose dialog for its person, answering that message at the address it
 * came from (its Reply-To, else its From). */
export function ReplyButton({ a, info }: { a: Activity; info: MailActivityInfo }) {
  const { t } = useTranslation();
  if (a.person_id === null) return null;
  const reply = { messageId: info.message_id, subject: a.subject, address: info.reply_address };
  return (
    <button type="button" className="link-button mail-reply" onClick={() => openCompose({ personId: a.person_id ?? 0, dealId: a.deal_id, reply })} data-testid="mail-reply">
      <Icon name="back" size={12} /> {t("mail.reply")}
    </button>
  );
}
