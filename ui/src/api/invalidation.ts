// A tiny bus: views subscribe to the topics they show and refetch when any of them changes. What changed
// comes from the core only: its DataChanged event names the topics every committed write touched, whoever
// wrote (this window, a reminder's buttons, the daily rescore, mail sync).
import { TOPICS, events, type Topic } from "../bindings";

type Listener = (topics: Topic[]) => void;
const listeners = new Set<Listener>();

export function invalidate(topics: Topic[]): void {
  for (const l of [...listeners]) l(topics);
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let started = false;

/** Forwards the core's data-changed events to the bus; a no-op outside Tauri (tests, plain browser). */
export async function listenToCore(): Promise<void> {
  if (started) return;
  started = true;
  // Coming back to the window refetches too: the CLI writes to the same data without any event.
  window.addEventListener("focus", () => invalidate([...TOPICS]));
  try {
    await events.dataChanged.listen((e) => invalidate(e.payload.topics));
  } catch {
    started = false;
  }
}
