// The only door to the core: unwraps tauri-specta's Result into a value or a typed ApiError. Views
// refresh when the core's DataChanged event names what a write changed (see invalidation.ts), never on
// the UI's own guess, so every write refreshes each view once.
import { commands, type AppError, type ErrorCode } from "../bindings";

/** tauri-specta's command result. */
export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

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

async function call(name: keyof Commands, args: unknown[]): Promise<unknown> {
  const fn = commands[name] as (...a: unknown[]) => Promise<Result<unknown, AppError>>;
  let result: Result<unknown, AppError>;
  try {
    result = await fn(...args);
  } catch (e) {
    throw toApiError(e);
  }
  return unwrap(result);
}

/** `api.peopleList(q)` resolves to the page or throws ApiError. Resolved lazily so tests can mock bindings. */
export const api = new Proxy({} as Api, {
  get: (_, name: string) => (...args: unknown[]) => call(name as keyof Commands, args),
});
