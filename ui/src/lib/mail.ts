// Pure helpers for the mail screens: the account form's draft, ports per security mode (from the core's
// MAIL_DEFAULTS), long bodies, compose drafts kept in localStorage.
import { MAIL_DEFAULTS, type Language, type MailAccount, type MailAccountInput, type MailSecurity } from "../bindings";

export const MAIL_LANGS: Language[] = ["en", "nl", "de", "da"];

export type AccountDraft = {
  name: string;
  display_name: string;
  address: string;
  username: string;
  password: string;
  imap_host: string;
  imap_port: string;
  smtp_host: string;
  smtp_port: string;
  security: MailSecurity;
  create_leads: boolean;
  extra_folders: string;
  per_minute: string;
  per_day: string;
  signatures: Record<Language, string>;
  imap_cert_pin: string | null;
  smtp_cert_pin: string | null;
};

/** [IMAP, SMTP] default ports of a security mode; `none` (loopback only) uses the plain ports of STARTTLS. */
export function defaultPorts(security: MailSecurity): readonly [number, number] {
  const [imap, smtp] = security === "tls" ? MAIL_DEFAULTS.ports_tls : MAIL_DEFAULTS.ports_starttls;
  return [imap, smtp];
}

export function accountDraft(a: MailAccount | null): AccountDraft {
  const security: MailSecurity = a?.security ?? "tls";
  const [imap, smtp] = defaultPorts(security);
  const signatures = Object.fromEntries(MAIL_LANGS.map((l) => [l, a?.signatures.find((s) => s.lang === l)?.body ?? ""])) as Record<Language, string>;
  return {
    name: a?.name ?? "",
    display_name: a?.display_name ?? "",
    address: a?.address ?? "",
    username: a?.username ?? "",
    password: "",
    imap_host: a?.imap_host ?? "",
    imap_port: String(a?.imap_port ?? imap),
    smtp_host: a?.smtp_host ?? "",
    smtp_port: String(a?.smtp_port ?? smtp),
    security,
    create_leads: a?.create_leads ?? false,
    extra_folders: (a?.extra_folders ?? []).join(", "),
    per_minute: String(a?.per_minute ?? MAIL_DEFAULTS.per_minute),
    per_day: String(a?.per_day ?? MAIL_DEFAULTS.per_day),
    signatures,
    imap_cert_pin: a?.imap_cert_pin ?? null,
    smtp_cert_pin: a?.smtp_cert_pin ?? null,
  };
}

/** A new security mode moves ports that still hold the old mode's defaults; ports the user typed stay. */
export function withSecurity(d: AccountDraft, security: MailSecurity): AccountDraft {
  const [oldImap, oldSmtp] = defaultPorts(d.security);
  const [imap, smtp] = defaultPorts(security);
  return {
    ...d,
    security,
    imap_port: d.imap_port === "" || d.imap_port === String(oldImap) ? String(imap) : d.imap_port,
    smtp_port: d.smtp_port === "" || d.smtp_port === String(oldSmtp) ? String(smtp) : d.smtp_port,
  };
}

const int = (s: string) => (s.trim() === "" ? Number.NaN : Number(s.trim()));

/** The input the core validates; numbers that do not parse are sent as NaN→0 so the core names the field. */
export function accountInput(d: AccountDraft): MailAccountInput {
  const n = (s: string) => {
    const v = int(s);
    return Number.isFinite(v) ? v : 0;
  };
  return {
    name: d.name.trim(),
    display_name: d.display_name.trim(),
    address: d.address.trim(),
    username: d.username.trim(),
    imap_host: d.imap_host.trim(),
    imap_port: n(d.imap_port),
    smtp_host: d.smtp_host.trim(),
    smtp_port: n(d.smtp_port),
    security: d.security,
    imap_cert_pin: d.imap_cert_pin,
    smtp_cert_pin: d.smtp_cert_pin,
    create_leads: d.create_leads,
    extra_folders: d.extra_folders.split(/[,\n]/).map((f) => f.trim()).filter(Boolean),
    per_minute: n(d.per_minute),
    per_day: n(d.per_day),
    signatures: MAIL_LANGS.filter((l) => d.signatures[l].trim() !== "").map((lang) => ({ lang, body: d.signatures[lang] })),
  };
}

/** The saved account as input again, with a certificate pinned for one server (the "Trust" action). */
export function pinnedInput(a: MailAccount, server: "imap" | "smtp", fingerprint: string): MailAccountInput {
  const input = accountInput(accountDraft(a));
  return server === "imap" ? { ...input, imap_cert_pin: fingerprint } : { ...input, smtp_cert_pin: fingerprint };
}

/** "ab12cd…" grouped in pairs for reading aloud and comparing. */
export function formatFingerprint(hex: string): string {
  return (hex.match(/.{1,2}/g) ?? []).join(":").toUpperCase();
}

/** A body longer than this many lines or characters starts collapsed. */
export const COLLAPSE_LINES = 6;
export const COLLAPSE_CHARS = 600;

export function isLong(body: string): boolean {
  return body.length > COLLAPSE_CHARS || body.split("\n").length > COLLAPSE_LINES;
}

/** The body without the quoted history (lines starting with ">" and what follows an "On ... wrote:" line). */
export function splitQuoted(body: string): { text: string; quoted: string | null } {
  const lines = body.split("\n");
  const at = lines.findIndex((l, i) => l.startsWith(">") || (/wrote:\s*$|schreef:\s*$|schrieb:\s*$|skrev:\s*$/.test(l) && (lines[i + 1] ?? "").startsWith(">")));
  if (at <= 0) return { text: body, quoted: null };
  return { text: lines.slice(0, at).join("\n").trimEnd(), quoted: lines.slice(at).join("\n") };
}

/** `rendered`: the picked template's text as rendered; while the body is unchanged the template itself is
 * sent (with its documents), once edited the text is. */
export type ComposeDraft = { accountId: number | null; to: string; subject: string; body: string; templateId: number | null; rendered?: string | null; documents?: number[] };

const draftKey = (record: string) => `relata.mailDraft.${record}`;

export function loadDraft(record: string): ComposeDraft | null {
  try {
    const raw = localStorage.getItem(draftKey(record));
    return raw ? (JSON.parse(raw) as ComposeDraft) : null;
  } catch {
    return null;
  }
}

export function saveDraft(record: string, d: ComposeDraft): void {
  try {
    if (d.subject.trim() === "" && d.body.trim() === "") localStorage.removeItem(draftKey(record));
    else localStorage.setItem(draftKey(record), JSON.stringify(d));
  } catch {
    // Storage full or disabled: the draft is only a convenience.
  }
}

export function clearDraft(record: string): void {
  try {
    localStorage.removeItem(draftKey(record));
  } catch {
    // see saveDraft
  }
}
