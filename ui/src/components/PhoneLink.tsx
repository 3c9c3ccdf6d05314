import { useState } from "react";
import { api } from "../api/client";
import { telHref } from "../lib/calls";
import { CallLogDialog, type CallTarget } from "./CallLogDialog";
import { useToast } from "./Toast";

/**
 * A phone number as a `tel:` link. A click never navigates the webview: the core opens the OS dialer (the
 * same opener as web links, which accepts only a phone number here) and the Call log dialog opens with its
 * timer running.
 */
export function PhoneLink({ number, target }: { number: string; target: CallTarget }) {
  const toast = useToast();
  const [open, setOpen] = useState(false);
  return (
    <>
      <a
        href={telHref(number)}
        className="phone-link"
        data-testid="phone-link"
        onClick={(e) => {
          e.preventDefault();
          e.stopPropagation();
          setOpen(true);
          void api.callsDial(number).catch(toast.error);
        }}
      >
        {number}
      </a>
      {open && (
        // A link inside a table row: the dialog's clicks and keys must not reach the row (which opens the record).
        <span className="phone-link-dialog" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
          <CallLogDialog target={target} number={number} dialled onClose={() => setOpen(false)} />
        </span>
      )}
    </>
  );
}
