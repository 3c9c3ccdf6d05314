import { useState, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityInput, ActivityKind } from "../bindings";
import { api } from "../api/client";
import { Icon } from "./Icon";
import { useToast } from "./Toast";

export const QUICK_KINDS: ActivityKind[] = ["call", "note", "email", "meeting"];
const MAX_SUBJECT = 120;

/**
 * Splits typed text into subject and body. A note keeps everything as body; other kinds take the first
 * line as subject (as a person would title the entry), unless it is too long to be one.
 */
export function splitEntry(kind: ActivityKind, text: string, fallbackSubject: string): { subject: string; body: string | null } {
  const trimmed = text.trim();
  if (kind === "note") return { subject: "", body: trimmed };
  const [first, ...rest] = trimmed.split("\n");
  if (first.length > MAX_SUBJECT) return { subject: fallbackSubject, body: trimmed };
  const body = rest.join("\n").trim();
  return { subject: first.trim(), body: body === "" ? null : body };
}

type Props = {
  kind: ActivityKind;
  onKindChange: (k: ActivityKind) => void;
  links: Pick<ActivityInput, "person_id" | "company_id" | "deal_id">;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
};

/** Quick "log a call / note" entry above the timeline. Ctrl/Cmd+Enter logs it. */
export function Composer({ kind, onKindChange, links, textareaRef }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const [text, setText] = useState("");
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    if (text.trim() === "" || saving) return;
    setSaving(true);
    try {
      const { subject, body } = splitEntry(kind, text, t(`activityKind.${kind}`));
      await api.activitiesCreate({ kind, direction: kind === "note" ? null : "outbound", subject, body, occurred_at: null, duration_secs: null, ...links });
      setText("");
      toast.show(t("activity.logged", { kind: t(`activityKind.${kind}`) }), { kind: "success" });
    } catch (e) {
      toast.error(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="segmented" role="radiogroup" aria-label={t("fields.kind")}>
        {QUICK_KINDS.map((k) => (
          <button key={k} type="button" role="radio" aria-checked={k === kind} className={k === kind ? "is-selected" : ""} onClick={() => onKindChange(k)}>
            <Icon name={k} size={14} /> {t(`activityKind.${k}`)}
          </button>
        ))}
      </div>
      <textarea
        ref={textareaRef}
        data-testid="log-body"
        aria-label={t(`composer.placeholder.${kind}`)}
        placeholder={t(`composer.placeholder.${kind}`)}
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      />
      <div className="composer-actions">
        <span className="muted small">{t("composer.hint")}</span>
        <button type="submit" className="button button-primary" data-testid="log-submit" disabled={saving || text.trim() === ""} title={`${t("composer.submit")} (Ctrl+Enter)`}>
          {t("composer.submit")}
        </button>
      </div>
    </form>
  );
}
