import { useEffect, useState } from "react";
import { api } from "../api/client";
import { ComposeMailDialog, type ComposeTarget, type ReplyTo } from "./ComposeMailDialog";
import { useToast } from "./Toast";

/** What opens the compose dialog from anywhere (a task row, the command palette, a "Reply" link). */
export type ComposeRequest = { personId: number; dealId?: number | null; reply?: ReplyTo };

const EVENT = "relata:compose";

/** Opens the compose dialog for a person (loaded by the one `ComposeHost` of the shell). */
export function openCompose(request: ComposeRequest): void {
  window.dispatchEvent(new CustomEvent<ComposeRequest>(EVENT, { detail: request }));
}

/** The shell's compose dialog for `openCompose` requests: loads the person, then shows the dialog. */
export function ComposeHost() {
  const toast = useToast();
  const [open, setOpen] = useState<{ target: ComposeTarget; reply?: ReplyTo } | null>(null);
  useEffect(() => {
    const onCompose = (e: Event) => {
      const { personId, dealId = null, reply } = (e as CustomEvent<ComposeRequest>).detail;
      api.peopleGet(personId).then(
        (p) => setOpen({ target: { personId, name: p.display_name, emails: p.emails.map((x) => x.value), dealId }, reply }),
        (err) => toast.error(err),
      );
    };
    window.addEventListener(EVENT, onCompose);
    return () => window.removeEventListener(EVENT, onCompose);
  }, [toast]);
  if (!open) return null;
  return <ComposeMailDialog target={open.target} reply={open.reply} onClose={() => setOpen(null)} />;
}
