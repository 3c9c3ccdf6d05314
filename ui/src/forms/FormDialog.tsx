import { useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { FieldErrors } from "../api/errors";
import { inputNameFor } from "../api/errors";
import { toApiError } from "../api/client";
import { Dialog } from "../components/Dialog";
import { useToast } from "../components/Toast";
import { Skeleton } from "../components/EmptyState";

function focusField(form: HTMLFormElement | null, name: string) {
  const el = form?.querySelector<HTMLElement>(`[name="${name.replace(/"/g, '\\"')}"]`);
  el?.focus();
}

/**
 * Validation and saving shared by every form: client checks first, then the core; a core error that
 * names a field is shown at that input and focuses it, any other error becomes a toast.
 */
export function useFormSubmit() {
  const toast = useToast();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const clear = (name: string) =>
    setErrors((e) => {
      if (!(name in e)) return e;
      const next = { ...e };
      delete next[name];
      return next;
    });

  async function submit<T>(validate: () => FieldErrors, save: () => Promise<T>, done: (r: T) => void) {
    const found = validate();
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      focusField(formRef.current, first);
      return;
    }
    setSaving(true);
    try {
      const result = await save();
      setSaving(false);
      done(result);
    } catch (e) {
      setSaving(false);
      const err = toApiError(e);
      if (err.field) {
        const name = inputNameFor(err.field);
        setErrors({ [name]: err.code });
        // A field the form has no input for still needs to be seen: toast it.
        if (formRef.current?.querySelector(`[name="${name}"]`)) focusField(formRef.current, name);
        else toast.error(err);
      } else {
        toast.error(err);
      }
    }
  }

  return { errors, clear, saving, submit, formRef };
}

/**
 * A record form's state (null while the record loads) and its submit machinery; `set` changes one
 * field and clears the error shown at its input (`name`, when that differs from the key).
 */
export function useFormState<F extends object>(initial: F | null | (() => F | null)) {
  const [form, setForm] = useState<F | null>(initial);
  const submitting = useFormSubmit();
  const { clear } = submitting;
  const set = <K extends keyof F & string>(key: K, value: F[K], name: string = key) => {
    setForm((f) => (f ? { ...f, [key]: value } : f));
    clear(name);
  };
  return { form, setForm, set, ...submitting };
}

type Props = {
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  saving: boolean;
  loading?: boolean;
  formRef: React.RefObject<HTMLFormElement | null>;
  children: ReactNode;
  size?: "medium" | "large";
  /** The submit button's text when it is not "Save" (for example "Join"). */
  submitLabel?: string;
};

export function FormDialog({ title, onClose, onSubmit, saving, loading, formRef, children, size = "medium", submitLabel }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const handle = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <Dialog
      title={title}
      onClose={onClose}
      size={size}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" form={id} className="button button-primary" data-testid="form-save" disabled={saving || loading} title={t("form.saveHint")}>
            {saving ? t("common.saving") : (submitLabel ?? t("common.save"))}
          </button>
        </>
      }
    >
      {loading ? (
        <Skeleton lines={6} />
      ) : (
        <form
          id={id}
          ref={formRef}
          className="form"
          noValidate
          onSubmit={handle}
          onKeyDown={(e) => {
            // Ctrl/Cmd+Enter saves from anywhere, including text areas.
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) handle(e);
          }}
        >
          {children}
        </form>
      )}
    </Dialog>
  );
}

/** A titled group of fields inside a form. */
export function FormSection({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <fieldset className="form-section">
      {title && <legend>{title}</legend>}
      <div className="form-grid">{children}</div>
    </fieldset>
  );
}
