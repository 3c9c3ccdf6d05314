import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { MailBounce, PersonRow } from "../bindings";
import { api } from "../api/client";
import { useHotkey } from "../hooks/useHotkey";
import { ComposeMailDialog, type ComposeTarget } from "./ComposeMailDialog";
import { Dialog } from "./Dialog";
import { Icon } from "./Icon";
import { useToast } from "./Toast";

type Props = {
  /** The recipient when the page has them loaded (person page); otherwise `personId` is loaded on demand. */
  target?: ComposeTarget | null;
  personId?: number | null;
  dealId?: number | null;
  /** On a company page: write to one of its people (asked first when there are several). */
  companyId?: number | null;
  bounces?: MailBounce[];
};

/** The record page's "Send email" action (M): the compose dialog for the record's person. */
export function SendEmailButton({ target, personId, dealId = null, companyId = null, bounces }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const [open, setOpen] = useState<ComposeTarget | null>(null);
  const [choices, setChoices] = useState<PersonRow[] | null>(null);
  const id = target?.personId ?? personId ?? null;
  const enabled = companyId !== null || (id !== null && (target ? target.emails.length > 0 : true));
  const compose = async (person: number) => {
    setChoices(null);
    try {
      const p = await api.peopleGet(person);
      setOpen({ personId: person, name: p.display_name, emails: p.emails.map((e) => e.value), dealId });
    } catch (e) {
      toast.error(e);
    }
  };
  const start = async () => {
    if (target) return setOpen({ ...target, dealId: target.dealId ?? dealId });
    if (id !== null) return compose(id);
    if (companyId === null) return;
    try {
      const page = await api.peopleList({ company_id: companyId, sort: "name", desc: false, limit: 100, cursor: null });
      const withEmail = page.items.filter((p) => p.email);
      if (withEmail.length === 1) return compose(withEmail[0].id);
      setChoices(withEmail);
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
      {choices && (
        <Dialog title={t("mail.compose.chooseRecipient")} size="small" onClose={() => setChoices(null)} testId="compose-choose">
          {choices.length === 0 ? (
            <p className="muted">{t("mail.compose.noneWithEmail")}</p>
          ) : (
            <ul className="outbox-list">
              {choices.map((p) => (
                <li key={p.id}>
                  <button type="button" className="link-button" onClick={() => void compose(p.id)} data-testid="compose-choose-person">
                    {p.display_name} <span className="muted">{p.email}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Dialog>
      )}
    </>
  );
}
