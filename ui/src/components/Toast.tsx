import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../api/errors";
import { toApiError } from "../api/client";
import { Icon } from "./Icon";

type ToastKind = "info" | "success" | "error";
type Toast = { id: number; message: string; kind: ToastKind; action?: { label: string; run: () => void } };
type ToastApi = {
  show: (message: string, opts?: { kind?: ToastKind; action?: Toast["action"] }) => void;
  /** Shows any thrown error in the user's language. */
  error: (e: unknown) => void;
};

const Ctx = createContext<ToastApi | null>(null);

export function useToast(): ToastApi {
  const api = useContext(Ctx);
  if (!api) throw new Error("useToast outside ToastProvider");
  return api;
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((x) => x.id !== id)), []);

  const show = useCallback<ToastApi["show"]>(
    (message, opts) => {
      const id = next.current++;
      setToasts((all) => [...all.slice(-3), { id, message, kind: opts?.kind ?? "info", action: opts?.action }]);
      // Toasts with an action (Undo) stay longer so there is time to use it.
      setTimeout(() => dismiss(id), opts?.action ? 8000 : 4000);
    },
    [dismiss],
  );

  const api = useMemo<ToastApi>(
    () => ({ show, error: (e) => show(errorMessage(t, toApiError(e)), { kind: "error" }) }),
    [show, t],
  );

  return (
    <Ctx.Provider value={api}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.kind}`} data-testid="toast">
            <span>{toast.message}</span>
            {toast.action && (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  toast.action?.run();
                  dismiss(toast.id);
                }}
              >
                {toast.action.label}
              </button>
            )}
            <button type="button" className="icon-button" aria-label={t("common.close")} onClick={() => dismiss(toast.id)}>
              <Icon name="close" size={14} />
            </button>
          </div>
        ))}
      </div>
    </Ctx.Provider>
  );
}
