import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { events, type SearchIndexProgress } from "../bindings";
import { useLocale } from "../i18n";

/**
 * How far the app's search indexer is. Listen from before the import starts: the indexer begins as soon
 * as the import commits, possibly before its report reaches the page.
 */
export function useSearchIndexProgress(): [SearchIndexProgress | null, () => void] {
  const [progress, setProgress] = useState<SearchIndexProgress | null>(null);
  useEffect(() => {
    const stop = events.searchIndexProgress
      .listen((e) => setProgress(e.payload))
      // Outside Tauri (unit tests) there is no shell to listen to.
      .catch(() => null);
    return () => void stop.then((s) => s?.());
  }, []);
  return [progress, () => setProgress(null)];
}

/**
 * After a large import: the people beyond the first few thousand are stored and listed at once, and the
 * indexer makes them searchable in the background. This says so, with how far it is.
 */
export function SearchIndexStatus({ pending, progress }: { pending: number; progress: SearchIndexProgress | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const total = Math.max(progress?.total ?? pending, 1);
  const done = progress?.done ?? 0;
  if (done >= total) {
    return (
      <p className="muted small" role="status" data-testid="search-index-done">
        {t("searchIndex.done")}
      </p>
    );
  }
  return (
    <div className="import-progress" role="status" data-testid="search-index-progress">
      <progress max={total} value={done} aria-label={t("searchIndex.label")} />
      <span className="muted small">
        {t("searchIndex.text", { done: done.toLocaleString(locale), total: total.toLocaleString(locale) })}
      </span>
    </div>
  );
}
