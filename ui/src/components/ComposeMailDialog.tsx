import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Language, MailBounce, Template } from "../bindings";
import { api, toApiError, type ApiError } from "../api/client";
import { useQuery } from "../hooks/useQuery";
import { clearDraft, loadDraft, saveDraft, type ComposeDraft } from "../lib/mail";
import { Dialog } from "./Dialog";
import { SelectField, TextArea, TextField } from "./Field";
import { Icon } from "./Icon";
import { LibraryDocuments } from "./LibraryDocuments";
import { useToast } from "./Toast";

export type ComposeTarget = { personId: number; name: string; emails: string[]; dealId?: number | null };
/** The received message being answered: its Message-ID goes into In-Reply-To and References; the reply goes
 * to `address` (its Reply-To, else its From) when known. */
export type ReplyTo = { messageId: string; subject: string; address?: string | null };

/** Where the draft of a record's message is kept (localStorage, so it survives closing the dialog or the window). */
export function draftRecord(c: ComposeTarget, reply?: ReplyTo): string {
  const base = c.dealId ? `deal.${c.dealId}.person.${c.personId}` : `person.${c.personId}`;
  return reply ? `${base}.reply.${reply.messageId}` : base;
}

/** "Re: subject", once. */
export function replySubject(subject: string): string {
  return /^(re|aw|sv|antw):/i.test(subject.trim()) ? subject.trim() : `Re: ${subject.trim()}`;
}

/** Write an email to a person: account, address, template (rendered for them, in their language, as text)
 * or free text. Send queues it in the outbox; the draft is kept until it is sent or discarded. */
export function ComposeMailDialog({ target, reply, bounces = [], onClose }: { target: ComposeTarget; reply?: ReplyTo; bounces?: MailBounce[]; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const accounts = useQuery(() => api.mailAccountsList(), "compose-accounts", ["mail"]);
  const templates = useQuery(() => api.templatesList(), "compose-templates", ["template"]);
  const record = draftRecord(target, reply);
  const fresh = (accountId: number | null): ComposeDraft => ({ accountId, to: reply?.address || target.emails[0] || "", subject: reply ? replySubject(reply.subject) : "", body: "", templateId: null });
  // A reply may come from an address the person record does not list (a Reply-To): it is offered too.
  const addresses = reply?.address && !target.emails.some((e) => e.toLowerCase() === reply.address?.toLowerCase()) ? [reply.address, ...target.emails] : target.emails;
  const [d, setD] = useState<ComposeDraft>(() => loadDraft(record) ?? fresh(null));
  const [lang, setLang] = useState<Language | null>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const list = accounts.data ?? [];
  const accountId = d.accountId ?? list[0]?.id ?? null;

  useEffect(() => saveDraft(record, d), [record, d]);

  const set = (patch: Partial<ComposeDraft>) => setD((x) => ({ ...x, ...patch }));

  const useTemplate = async (id: number | null) => {
    setProblem(null);
    set({ templateId: id });
    if (id === null) return;
    try {
      const m = await api.templatesPreview(id, { person_id: target.personId, deal_id: target.dealId ?? null, ticket: null, sender: null, lang: null });
      setLang(m.lang);
      // A reply keeps its "Re:" subject so it stays in the thread; the template gives the text.
      set(reply ? { templateId: id, body: m.text, rendered: m.text } : { templateId: id, subject: m.subject, body: m.text, rendered: m.text });
    } catch (e) {
      setProblem(toApiError(e));
    }
  };

  const send = async () => {
    setProblem(null);
    if (accountId === null) return;
    setSending(true);
    try {
      const common = { account_id: accountId, person_id: target.personId, deal_id: target.dealId ?? null, to: d.to, in_reply_to: reply?.messageId ?? null };
      const documents = d.documents ?? [];
      if (asTemplate && d.templateId !== null) await api.mailSendTemplate({ ...common, template_id: d.templateId, subject: d.subject, documents });
      else await api.mailSend({ ...common, subject: d.subject, body: d.body, lang, documents });
      clearDraft(record);
      toast.show(t("mail.compose.queued", { name: target.name }), { kind: "success" });
      onClose();
    } catch (e) {
      setProblem(toApiError(e));
    } finally {
      setSending(false);
    }
  };

  const discard = () => {
    clearDraft(record);
    setD(fresh(d.accountId));
    setLang(null);
  };

  const bounced = (address: string) => bounces.some((b) => b.address.toLowerCase() === address.toLowerCase());
  const tpl: Template | undefined = templates.data?.find((x) => x.id === d.templateId);
  // The picked template goes out as itself (rendered by the core, documents attached) until its text is edited.
  const asTemplate = tpl !== undefined && d.rendered != null && d.body === d.rendered;
  const noAccount = accounts.data !== undefined && list.length === 0;
  const field = (name: string) => (problem?.field === name ? problem.code : undefined);

  return (
    <Dialog
      title={reply ? t("mail.compose.replyTitle", { name: target.name }) : t("mail.compose.title", { name: target.name })}
      size="large"
      onClose={onClose}
      testId="compose-mail"
      footer={
        <>
          <span className="muted small" style={{ marginRight: "auto" }}>
            {t("mail.compose.draftKept")}
          </span>
          <button type="button" className="button" onClick={discard} data-testid="compose-discard">
            {t("mail.compose.discard")}
          </button>
          <button type="button" className="button button-primary" disabled={sending || accountId === null || d.to === ""} title={`${t("mail.compose.send")} (Ctrl+Enter)`} onClick={() => void send()} data-testid="compose-send">
            <Icon name="send" /> {sending ? t("mail.compose.sending") : t("mail.compose.send")}
          </button>
        </>
      }
    >
      <div
        className="mail-compose"
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !sending && accountId !== null && d.to !== "") {
            e.preventDefault();
            void send();
          }
        }}
      >
        {noAccount && (
          <p className="field-error" role="alert" data-testid="compose-no-account">
            {t("mail.compose.noAccount")} <a href="#/settings">{t("nav.settings")}</a>
          </p>
        )}
        {target.emails.length === 0 && <p className="field-error" role="alert">{t("mail.compose.noAddress")}</p>}
        {problem && !["subject", "body", "to"].includes(problem.field ?? "") && !problem.field?.startsWith("documents") && (
          <p className="field-error" role="alert" data-testid="compose-error">
            {problem.code === "missing_field" && problem.field ? t("templates.missingField", { field: problem.field }) : t(`errors.general.${problem.code}`)}
          </p>
        )}
        <div className="form-grid">
          <SelectField
            label={t("mail.compose.from")}
            name="account"
            value={accountId === null ? "" : String(accountId)}
            options={list.map((a) => ({ value: String(a.id), label: a.display_name ? `${a.display_name} <${a.address}>` : a.address }))}
            onChange={(e) => set({ accountId: Number(e.target.value) })}
          />
          <SelectField
            label={t("mail.compose.to")}
            name="to"
            value={d.to}
            error={field("to")}
            hint={bounced(d.to) ? t("mail.bouncedHint") : undefined}
            options={addresses.map((e) => ({ value: e, label: bounced(e) ? `${e} (${t("mail.bounced")})` : e }))}
            onChange={(e) => set({ to: e.target.value })}
          />
          <SelectField
            label={t("mail.compose.template")}
            name="template"
            value={d.templateId === null ? "" : String(d.templateId)}
            options={[{ value: "", label: t("mail.compose.freeText") }, ...(templates.data ?? []).map((x) => ({ value: String(x.id), label: x.name }))]}
            onChange={(e) => void useTemplate(e.target.value === "" ? null : Number(e.target.value))}
          />
          <div className="field">
            {tpl && lang && (
              <p className="field-hint compose-template-lang" data-testid="compose-template-lang">
                {t("templates.previewLanguage", { language: t(`templates.lang.${lang}`) })}
              </p>
            )}
            {tpl && tpl.attachments.length + tpl.documents.length > 0 && (
              <p className="field-hint" data-testid="compose-template-attachments" data-sent={asTemplate}>
                {asTemplate ? t("mail.compose.templateAttachments", { names: [...tpl.attachments.map((a) => a.name), ...tpl.documents.map((x) => x.file_name)].join(", ") }) : t("mail.compose.editedNoAttachments")}
              </p>
            )}
          </div>
        </div>
        <TextField label={t("mail.compose.subject")} name="subject" value={d.subject} error={field("subject")} onChange={(e) => set({ subject: e.target.value })} data-autofocus />
        <TextArea label={t("mail.compose.body")} name="body" rows={12} value={d.body} error={field("body")} hint={t("mail.compose.bodyHint")} onChange={(e) => set({ body: e.target.value })} />
        <LibraryDocuments
          attached={d.documents ?? []}
          error={problem?.field?.startsWith("documents") ? problem.code : undefined}
          onAttach={(id) => set({ documents: [...(d.documents ?? []), id] })}
          onDetach={(id) => set({ documents: (d.documents ?? []).filter((x) => x !== id) })}
        />
      </div>
    </Dialog>
  );
}
