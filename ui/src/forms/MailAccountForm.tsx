import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ErrorCode, Language, MailAccount, MailSecurity } from "../bindings";
import { MAIL_DEFAULTS } from "../bindings";
import { api, toApiError } from "../api/client";
import { Dialog } from "../components/Dialog";
import { CheckboxField, SelectField, TextArea, TextField } from "../components/Field";
import { accountDraft, accountInput, MAIL_LANGS, withSecurity, type AccountDraft } from "../lib/mail";

type Props = { account: MailAccount | null; onClose: () => void; onSaved: (a: MailAccount) => void };

/** Add or edit a mail account. The password is never shown back: empty keeps the stored one. */
export function MailAccountForm({ account, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const [d, setD] = useState<AccountDraft>(() => accountDraft(account));
  const [tab, setTab] = useState<Language>("en");
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ field: string | null; code: ErrorCode; message: string } | null>(null);
  const set = <K extends keyof AccountDraft>(k: K, v: AccountDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const err = (field: string) => (problem?.field === field ? problem.code : undefined);
  const text = (k: keyof AccountDraft & string, extra: Partial<React.InputHTMLAttributes<HTMLInputElement>> = {}) => (
    <TextField label={t(`mail.fields.${k}`)} name={k} value={d[k] as string} error={err(k)} onChange={(e) => set(k, e.target.value as never)} {...extra} />
  );

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setProblem(null);
    if (!account && d.password === "") {
      setProblem({ field: "password", code: "missing_field", message: "" });
      return;
    }
    setSaving(true);
    try {
      const input = accountInput(d);
      const saved = account ? await api.mailAccountUpdate(account.id, input, d.password === "" ? null : d.password) : await api.mailAccountAdd(input, d.password);
      onSaved(saved);
    } catch (x) {
      const a = toApiError(x);
      setProblem({ field: a.field ?? null, code: a.code, message: a.message });
    } finally {
      setSaving(false);
    }
  };

  const fieldKnown = problem?.field && ["name", "display_name", "address", "username", "password", "imap_host", "imap_port", "smtp_host", "smtp_port", "per_minute", "per_day", "security", "extra_folders"].includes(problem.field);
  return (
    <Dialog
      title={account ? t("mail.editAccount", { name: account.name }) : t("mail.addAccount")}
      size="large"
      onClose={onClose}
      testId="mail-account-form"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" form="mail-account-form" className="button button-primary" disabled={saving} data-testid="mail-account-save">
            {saving ? t("common.saving") : t("common.save")}
          </button>
        </>
      }
    >
      <form id="mail-account-form" className="mail-form" onSubmit={submit} noValidate>
        {problem && !fieldKnown && (
          <p className="field-error" role="alert" data-testid="mail-account-error">
            {t(`errors.general.${problem.code}`)}
          </p>
        )}
        <div className="form-grid">
          {text("name", { autoFocus: true, "data-autofocus": true } as never)}
          {text("display_name")}
          {text("address", { type: "email", autoComplete: "off" })}
          {text("username", { autoComplete: "off" })}
          <TextField
            label={t("mail.fields.password")}
            name="password"
            type="password"
            autoComplete="new-password"
            value={d.password}
            error={err("password")}
            hint={account ? t("mail.passwordKeep") : t("mail.passwordHint")}
            onChange={(e) => set("password", e.target.value)}
          />
          <SelectField
            label={t("mail.fields.security")}
            name="security"
            value={d.security}
            error={err("security")}
            hint={t(`mail.securityHint.${d.security}`)}
            options={MAIL_DEFAULTS.security.map((s) => ({ value: s, label: t(`mail.security.${s}`) }))}
            onChange={(e) => setD((x) => withSecurity(x, e.target.value as MailSecurity))}
          />
        </div>
        <h3 className="small">{t("mail.servers")}</h3>
        <div className="form-grid mail-server-grid">
          {text("imap_host", { placeholder: "imap.example.com" })}
          {text("imap_port", { inputMode: "numeric" })}
          {text("smtp_host", { placeholder: "smtp.example.com" })}
          {text("smtp_port", { inputMode: "numeric" })}
        </div>
        <h3 className="small">{t("mail.syncAndLimits")}</h3>
        <div className="form-grid">
          <TextField label={t("mail.fields.extra_folders")} name="extra_folders" value={d.extra_folders} error={err("extra_folders")} hint={t("mail.extraFoldersHint")} onChange={(e) => set("extra_folders", e.target.value)} />
          <div className="field">
            <CheckboxField label={t("mail.fields.create_leads")} name="create_leads" checked={d.create_leads} onChange={(v) => set("create_leads", v)} />
            <p className="field-hint">{t("mail.createLeadsHint")}</p>
          </div>
          {text("per_minute", { inputMode: "numeric" })}
          {text("per_day", { inputMode: "numeric" })}
        </div>
        <h3 className="small">{t("mail.signature")}</h3>
        <div className="tabs" role="tablist">
          {MAIL_LANGS.map((l) => (
            <button key={l} type="button" role="tab" className={`tab ${tab === l ? "is-selected" : ""}`} aria-selected={tab === l} data-testid={`signature-tab-${l}`} onClick={() => setTab(l)}>
              {t(`templates.lang.${l}`)}
              {d.signatures[l].trim() !== "" && " •"}
            </button>
          ))}
        </div>
        <TextArea
          label={t("mail.signatureIn", { language: t(`templates.lang.${tab}`) })}
          hideLabel
          name={`signature.${tab}`}
          rows={4}
          value={d.signatures[tab]}
          hint={t("mail.signatureHint")}
          onChange={(e) => setD((x) => ({ ...x, signatures: { ...x.signatures, [tab]: e.target.value } }))}
        />
      </form>
    </Dialog>
  );
}
