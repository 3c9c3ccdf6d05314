import { api } from "../api/client";
import { useToast } from "./Toast";

/**
 * A website or social profile from a record. It is shown as text and opened by the core in the system
 * browser, which accepts http(s) addresses only: the webview itself never navigates to it.
 */
export function ExternalLink({ url }: { url: string }) {
  const toast = useToast();
  return (
    <button type="button" className="link-button external-link" data-testid="external-link" onClick={() => void api.openExternal(url).catch(toast.error)}>
      {url}
    </button>
  );
}
