// The only door to the core: unwraps tauri-specta's Result into a value or a typed ApiError,
// and tells open views to refresh after the UI's own writes.
import { commands, type AppError, type Entity, type ErrorCode } from "../bindings";

/** tauri-specta's command result. */
export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };
import { invalidate } from "./invalidation";

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field: string | null;
  constructor(e: AppError) {
    super(e.message);
    this.name = "ApiError";
    this.code = e.code;
    this.field = e.field ?? null;
  }
}

function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && "code" in e && typeof (e as AppError).code === "string";
}

/** Turns anything a command can reject with into an ApiError (an unknown command rejects with a string). */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (isAppError(e)) return new ApiError(e);
  const message = e instanceof Error ? e.message : String(e);
  return new ApiError({ code: "internal", message, field: null });
}

export function unwrap<T>(r: Result<T, AppError>): T {
  if (r.status === "ok") return r.data;
  throw toApiError(r.error);
}

type Commands = typeof commands;
type Ok<R> = R extends { status: "ok"; data: infer T } ? T : never;
export type Api = {
  [K in keyof Commands]: Commands[K] extends (...args: infer A) => Promise<infer R>
    ? (...args: A) => Promise<Ok<R>>
    : never;
};

// What each write touches, so views showing that data refetch. People writes may create a company
// (company_name), deal writes change company counters; trash and custom fields touch everything.
// A reply (activity) or a converted lead closes the person's open cadence steps, so both touch tasks;
// applying a cadence creates tasks. Editing cadence templates touches no record. A lead whose score turns
// hot (after a people, activity or scoring write) gets a task and a timeline note.
const ALL: Entity[] = ["person", "company", "deal", "activity", "task"];
const WRITES: Record<string, Entity[]> = {
  people: ["person", "company", "task", "activity"],
  companies: ["company", "person"],
  deals: ["deal", "company"],
  activities: ["activity", "task", "person"],
  scoring: ["person", "task", "activity"],
  cadencesApply: ["task"],
  tasks: ["task"],
  trash: ALL,
  customFields: ALL,
};
const WRITE_VERB = /(Create|Update|Delete|Move|SetDone|Snooze|Restore|Purge|Empty|Apply|Train|Add|Remove)$/;

export function affectedBy(command: string): Entity[] {
  if (!WRITE_VERB.test(command)) return [];
  const prefix = Object.keys(WRITES).find((p) => command.startsWith(p));
  return prefix ? WRITES[prefix] : [];
}

async function call(name: keyof Commands, args: unknown[]): Promise<unknown> {
  const fn = commands[name] as (...a: unknown[]) => Promise<Result<unknown, AppError>>;
  let result: Result<unknown, AppError>;
  try {
    result = await fn(...args);
  } catch (e) {
    throw toApiError(e);
  }
  const value = unwrap(result);
  const touched = affectedBy(name);
  if (touched.length > 0) invalidate(touched);
  return value;
}

/** `api.peopleList(q)` resolves to the page or throws ApiError. Resolved lazily so tests can mock bindings. */
export const api = new Proxy({} as Api, {
  get: (_, name: string) => (...args: unknown[]) => call(name as keyof Commands, args),
});
