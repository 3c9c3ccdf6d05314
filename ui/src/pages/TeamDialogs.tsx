import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ErrorCode, Invite } from "../bindings";
import { api, toApiError } from "../api/client";
import { errorMessage } from "../api/errors";
import { Dialog } from "../components/Dialog";
import { SelectField, TextField } from "../components/Field";
import { useToast } from "../components/Toast";

const ROLES = ["sales", "support", "manager", "readonly", "admin"] as const;

type Values = Record<string, string>;
type FieldSpec = { name: string; type?: "password"; placeholder?: string; hint?: string; options?: readonly string[] };
type Problem = { field: string | null; code: ErrorCode };

/** One dialog shape for the team forms: labelled fields, a submit that may fail with a field or a general error. */
function TeamForm({ id, title, fields, submitLabel, onClose, onSubmit, children }: {
  id: string;
  title: string;
  fields: FieldSpec[];
  submitLabel: string;
  onClose: () => void;
  onSubmit: (v: Values) => Promise<void>;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState<Values>(() => Object.fromEntries(fields.map((f) => [f.name, f.options?.[0] ?? ""])));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const known = (f: string | null) => f !== null && fields.some((x) => x.name === f);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const missing = fields.find((f) => v[f.name].trim() === "");
    if (missing) return setProblem({ field: missing.name, code: "required" });
    setProblem(null);
    setBusy(true);
    try {
      await onSubmit(v);
    } catch (x) {
      const a = toApiError(x);
      setProblem({ field: a.field, code: a.code });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={title}
      size="medium"
      onClose={onClose}
      testId={id}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" form={id} className="button button-primary" disabled={busy} data-testid={`${id}-submit`}>
            {busy ? t("team.connecting") : submitLabel}
          </button>
        </>
      }
    >
      <form id={id} className="team-form" onSubmit={submit} noValidate>
        {problem && !known(problem.field) && (
          <p className="field-error" role="alert" data-testid={`${id}-error`}>
            {errorMessage(t, { code: problem.code })}
          </p>
        )}
        {fields.map((f, i) =>
          f.options ? (
            <SelectField
              key={f.name}
              label={t(`team.fields.${f.name}`)}
              name={f.name}
              value={v[f.name]}
              hint={f.hint}
              options={f.options.map((o) => ({ value: o, label: t(`team.roles.${o}`) }))}
              onChange={(e) => setV((x) => ({ ...x, [f.name]: e.target.value }))}
            />
          ) : (
            <TextField
              key={f.name}
              label={t(`team.fields.${f.name}`)}
              name={f.name}
              type={f.type ?? "text"}
              autoComplete={f.type === "password" ? "new-password" : "off"}
              autoFocus={i === 0}
              placeholder={f.placeholder}
              value={v[f.name]}
              hint={f.hint}
              error={problem?.field === f.name ? problem.code : undefined}
              onChange={(e) => setV((x) => ({ ...x, [f.name]: e.target.value }))}
            />
          ),
        )}
        {children}
      </form>
    </Dialog>
  );
}

type Done = { onClose: () => void; onDone: () => void };

export function JoinTeamDialog({ onClose, onDone }: Done) {
  const { t } = useTranslation();
  const toast = useToast();
  return (
    <TeamForm
      id="team-join-form"
      title={t("team.join")}
      submitLabel={t("team.joinSubmit")}
      onClose={onClose}
      fields={[
        { name: "join", placeholder: "relata team join --url postgres://… --user …", hint: t("team.joinHint") },
        { name: "password", type: "password", hint: t("team.passwordHint") },
      ]}
      onSubmit={async (v) => {
        await api.teamJoin(v.join.trim(), v.password);
        toast.show(t("team.joined"), { kind: "success" });
        onDone();
      }}
    />
  );
}

export function CreateTeamDialog({ onClose, onDone }: Done) {
  const { t } = useTranslation();
  const toast = useToast();
  return (
    <TeamForm
      id="team-create-form"
      title={t("team.create")}
      submitLabel={t("team.createSubmit")}
      onClose={onClose}
      fields={[
        { name: "url", placeholder: "postgres://admin@db.example.com:5432/crm", hint: t("team.urlHint") },
        { name: "password", type: "password", hint: t("team.passwordHint") },
      ]}
      onSubmit={async (v) => {
        await api.teamCreate(v.url.trim(), v.password);
        toast.show(t("team.created"), { kind: "success" });
        onDone();
      }}
    />
  );
}

/** Creates a user; the join string is shown afterwards, the typed password never is. */
export function InviteDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [invite, setInvite] = useState<Invite | null>(null);
  if (invite) {
    return (
      <Dialog
        title={t("team.invited", { user: invite.user })}
        size="medium"
        onClose={onClose}
        testId="team-invite-done"
        footer={
          <button type="button" className="button button-primary" onClick={onClose} data-autofocus>
            {t("common.close")}
          </button>
        }
      >
        <p>{t("team.inviteDone", { role: t(`team.roles.${invite.role}`) })}</p>
        <p className="selectable mono team-join-string" data-testid="team-join-string">
          {invite.join}
        </p>
        <p className="muted small">{t("team.inviteDoneHint")}</p>
      </Dialog>
    );
  }
  return (
    <TeamForm
      id="team-invite-form"
      title={t("team.invite")}
      submitLabel={t("team.inviteSubmit")}
      onClose={onClose}
      fields={[
        { name: "user", placeholder: "anna", hint: t("team.userHint") },
        { name: "role", options: ROLES, hint: t("team.roleHint") },
        { name: "password", type: "password", hint: t("team.firstPasswordHint") },
      ]}
      onSubmit={async (v) => setInvite(await api.teamInvite(v.user.trim(), v.role, v.password))}
    />
  );
}
