import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Invite } from "../bindings";
import { api } from "../api/client";
import type { FieldErrors } from "../api/errors";
import { Dialog } from "../components/Dialog";
import { SelectField, TextField } from "../components/Field";
import { useToast } from "../components/Toast";
import { FormDialog, useFormSubmit } from "../forms/FormDialog";

const ROLES = ["sales", "support", "manager", "readonly", "admin"] as const;

type Values = Record<string, string>;
type FieldSpec = { name: string; type?: "password"; placeholder?: string; hint?: string; options?: readonly string[] };

/** The team forms on the shared form dialog: labelled fields, all required; a core error lands at its field. */
function TeamForm({ title, fields, submitLabel, onClose, onSubmit }: {
  title: string;
  fields: FieldSpec[];
  submitLabel: string;
  onClose: () => void;
  onSubmit: (v: Values) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { errors, clear, saving, submit, formRef } = useFormSubmit();
  const [v, setV] = useState<Values>(() => Object.fromEntries(fields.map((f) => [f.name, f.options?.[0] ?? ""])));
  const set = (name: string, value: string) => {
    setV((x) => ({ ...x, [name]: value }));
    clear(name);
  };
  const validate = (): FieldErrors => Object.fromEntries(fields.filter((f) => v[f.name].trim() === "").map((f) => [f.name, "required" as const]));

  return (
    <FormDialog title={title} onClose={onClose} saving={saving} formRef={formRef} submitLabel={submitLabel} onSubmit={() => void submit(validate, () => onSubmit(v), () => {})}>
      <div className="team-form">
        {fields.map((f, i) =>
          f.options ? (
            <SelectField
              key={f.name}
              label={t(`team.fields.${f.name}`)}
              name={f.name}
              value={v[f.name]}
              hint={f.hint}
              options={f.options.map((o) => ({ value: o, label: t(`team.roles.${o}`) }))}
              onChange={(e) => set(f.name, e.target.value)}
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
              error={errors[f.name]}
              onChange={(e) => set(f.name, e.target.value)}
            />
          ),
        )}
      </div>
    </FormDialog>
  );
}

// Joining and creating differ only in what the first field holds and which command takes it.
const WORKSPACE_FORMS = {
  join: { field: "join", placeholder: "relata team join --url postgres://… --user …", submit: "team.joinSubmit", done: "team.joined" },
  create: { field: "url", placeholder: "postgres://admin@db.example.com:5432/crm", submit: "team.createSubmit", done: "team.created" },
} as const;

/** Join a workspace (join string + password) or create one (URL with the admin + the admin's password). */
export function WorkspaceDialog({ kind, onClose, onDone }: { kind: keyof typeof WORKSPACE_FORMS; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const form = WORKSPACE_FORMS[kind];
  return (
    <TeamForm
      title={t(`team.${kind}`)}
      submitLabel={t(form.submit)}
      onClose={onClose}
      fields={[
        { name: form.field, placeholder: form.placeholder, hint: t(kind === "join" ? "team.joinHint" : "team.urlHint") },
        { name: "password", type: "password", hint: t("team.passwordHint") },
      ]}
      onSubmit={async (v) => {
        const target = v[form.field].trim();
        await (kind === "join" ? api.teamJoin(target, v.password) : api.teamCreate(target, v.password));
        toast.show(t(form.done), { kind: "success" });
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
