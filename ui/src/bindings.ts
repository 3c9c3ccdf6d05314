// Hand-made placeholder in tauri-specta's shape, until the generated file replaces it.
// @ts-nocheck

/** user-defined commands **/

export const commands = {
async appInfo() : Promise<Result<AppInfo, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("app_info") };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async settingsGet() : Promise<Result<Settings, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("settings_get") };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async settingsSet(settings: Settings) : Promise<Result<Settings, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("settings_set", { settings }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async peopleList(query: PeopleQuery) : Promise<Result<Page<PersonRow>, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("people_list", { query }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async peopleGet(id: number) : Promise<Result<Person, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("people_get", { id }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async peopleCreate(input: PersonInput) : Promise<Result<Person, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("people_create", { input }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async peopleUpdate(id: number, input: PersonInput) : Promise<Result<Person, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("people_update", { id, input }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async peopleDelete(id: number) : Promise<Result<null, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("people_delete", { id }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async companiesList(query: CompaniesQuery) : Promise<Result<Page<CompanyRow>, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("companies_list", { query }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async companiesGet(id: number) : Promise<Result<Company, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("companies_get", { id }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async companiesCreate(input: CompanyInput) : Promise<Result<Company, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("companies_create", { input }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async companiesUpdate(id: number, input: CompanyInput) : Promise<Result<Company, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("companies_update", { id, input }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async companiesDelete(id: number) : Promise<Result<null, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("companies_delete", { id }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async pipelinesList() : Promise<Result<Pipeline[], AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("pipelines_list") };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async dealsList(query: DealsQuery) : Promise<Result<Page<Deal>, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("deals_list", { query }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async dealsBoard(pipelineId: number) : Promise<Result<BoardColumn[], AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("deals_board", { pipelineId }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async dealsGet(id: number) : Promise<Result<Deal, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("deals_get", { id }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async dealsCreate(input: DealInput) : Promise<Result<Deal, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("deals_create", { input }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async dealsUpdate(id: number, input: DealInput) : Promise<Result<Deal, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("deals_update", { id, input }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async dealsMove(id: number, mv: DealMove) : Promise<Result<Deal, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("deals_move", { id, mv }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async dealsDelete(id: number) : Promise<Result<null, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("deals_delete", { id }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async activitiesTimeline(query: TimelineQuery) : Promise<Result<Page<Activity>, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("activities_timeline", { query }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async activitiesCreate(input: ActivityInput) : Promise<Result<Activity, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("activities_create", { input }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async activitiesUpdate(id: number, input: ActivityInput) : Promise<Result<Activity, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("activities_update", { id, input }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async activitiesDelete(id: number) : Promise<Result<null, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("activities_delete", { id }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async tasksList(query: TasksQuery) : Promise<Result<Page<Task>, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("tasks_list", { query }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async tasksToday() : Promise<Result<TodayView, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("tasks_today") };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async tasksGet(id: number) : Promise<Result<Task, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("tasks_get", { id }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async tasksCreate(input: TaskInput) : Promise<Result<Task, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("tasks_create", { input }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async tasksUpdate(id: number, input: TaskInput) : Promise<Result<Task, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("tasks_update", { id, input }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async tasksSetDone(id: number, done: boolean) : Promise<Result<Task, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("tasks_set_done", { id, done }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async tasksDelete(id: number) : Promise<Result<null, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("tasks_delete", { id }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async customFieldsList(entity: Entity | null) : Promise<Result<CustomFieldDef[], AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("custom_fields_list", { entity }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async customFieldsCreate(input: CustomFieldInput) : Promise<Result<CustomFieldDef, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("custom_fields_create", { input }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async customFieldsDelete(id: number) : Promise<Result<null, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("custom_fields_delete", { id }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async trashList() : Promise<Result<TrashItem[], AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("trash_list") };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async trashRestore(entity: Entity, id: number) : Promise<Result<null, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("trash_restore", { entity, id }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async trashPurge(entity: Entity, id: number) : Promise<Result<null, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("trash_purge", { entity, id }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async trashEmpty() : Promise<Result<number, AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("trash_empty") };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
async searchGlobal(query: string, limit: number) : Promise<Result<SearchHit[], AppError>> {
    try {
    return { status: "ok", data: await TAURI_INVOKE("search_global", { query, limit }) };
} catch (e) {
    if(e instanceof Error) throw e;
    else return { status: "error", error: e  as any };
}
},
}

/** user-defined events **/


export const events = __makeEvents__<{
dataChanged: DataChanged
}>({
dataChanged: "data-changed"
})

/** user-defined constants **/



/** user-defined types **/

export type Activity = { id: number; kind: ActivityKind; direction: Direction | null; subject: string; body: string | null; occurred_at: number; duration_secs: number | null; person_id: number | null; person_name: string | null; company_id: number | null; company_name: string | null; deal_id: number | null; deal_title: string | null; created_at: number; updated_at: number }
export type ActivityInput = { kind: ActivityKind; direction?: Direction | null; subject?: string; body?: string | null; occurred_at?: number | null; duration_secs?: number | null; person_id?: number | null; company_id?: number | null; deal_id?: number | null }
export type ActivityKind = "call" | "email" | "meeting" | "note" | "chat" | "visit"
export type Address = { street: string | null; postal_code: string | null; city: string | null; region: string | null; country: string | null }
export type AppError = { code: ErrorCode; message: string; field?: string | null }
export type AppInfo = { version: string; data_dir: string; schema_version: number; os_locale: string | null }
export type BoardColumn = { stage: Stage; deals: Deal[]; count: number; totals: MoneyTotal[] }
export type Channel = "email" | "phone" | "sms" | "chat" | "visit" | "post"
export type CompaniesQuery = { search: string | null; tag: string | null; owner: string | null; industry: string | null; sort: CompanySort; desc: boolean; limit: number | null; cursor: string | null }
export type Company = { id: number; name: string; domain: string | null; industry: string | null; size: CompanySize | null; address: Address; phone: string | null; website: string | null; owner: string | null; tags: string[]; custom: CustomValues; created_at: number; updated_at: number }
export type CompanyInput = { name: string; domain: string | null; industry: string | null; size: CompanySize | null; address: Address; phone: string | null; website: string | null; owner: string | null; tags: string[]; custom: CustomValues }
export type CompanyRow = { id: number; name: string; domain: string | null; industry: string | null; size: CompanySize | null; city: string | null; country: string | null; owner: string | null; tags: string[]; people_count: number; open_deals_count: number; created_at: number; updated_at: number }
export type CompanySize = "micro" | "small" | "medium" | "large" | "enterprise"
export type CompanySort = "name" | "industry" | "created_at" | "updated_at"
export type CustomFieldDef = { id: number; entity: Entity; key: string; label: string; kind: CustomFieldKind; choices: string[]; position: number }
export type CustomFieldInput = { entity: Entity; label: string; kind: CustomFieldKind; choices?: string[] }
export type CustomFieldKind = "text" | "number" | "date" | "boolean" | "choice"
export type CustomValue = boolean | number | string
export type CustomValues = Partial<{ [key in string]: CustomValue }>
export type DataChanged = { entity: Entity }
export type Deal = { id: number; title: string; value_minor: number; currency: string; pipeline_id: number; stage_id: number; expected_close: string | null; probability: number | null; status: DealStatus; lost_reason: string | null; closed_at: number | null; person_id: number | null; person_name: string | null; company_id: number | null; company_name: string | null; owner: string | null; position: number; custom: CustomValues; created_at: number; updated_at: number }
export type DealInput = { title: string; value_minor: number; currency: string; pipeline_id: number | null; stage_id: number | null; expected_close: string | null; probability: number | null; status: DealStatus; lost_reason: string | null; person_id: number | null; company_id: number | null; owner: string | null; custom: CustomValues }
export type DealMove = { stage_id: number; index: number | null }
export type DealStatus = "open" | "won" | "lost"
export type DealsQuery = { pipeline_id: number | null; stage_id: number | null; status: DealStatus | null; person_id: number | null; company_id: number | null; search: string | null; limit: number | null; cursor: string | null }
export type Direction = "inbound" | "outbound"
export type Entity = "person" | "company" | "deal" | "activity" | "task"
export type ErrorCode = "required" | "too_long" | "invalid_email" | "invalid_phone" | "invalid_url" | "invalid_date" | "invalid_currency" | "out_of_range" | "invalid_value" | "duplicate" | "not_found" | "conflict" | "schema_too_new" | "database" | "io" | "internal"
export type LabeledValue = { label: string; value: string }
export type LeadStatus = "open" | "converted" | "lost"
export type Lifecycle = "lead" | "qualified" | "customer" | "churned"
export type MoneyTotal = { currency: string; value_minor: number }
export type Page<T> = { items: T[]; next_cursor: string | null; total: number }
export type PeopleQuery = { search: string | null; tag: string | null; owner: string | null; lifecycle: Lifecycle | null; lead_status: LeadStatus | null; company_id: number | null; sort: PersonSort; desc: boolean; limit: number | null; cursor: string | null }
export type Person = { id: number; first_name: string; last_name: string; emails: LabeledValue[]; phones: LabeledValue[]; address: Address; socials: SocialProfile[]; company_id: number | null; company_name: string | null; job_title: string | null; owner: string | null; tags: string[]; source: string | null; preferred_channel: Channel | null; language: string | null; lifecycle: Lifecycle; lead_status: LeadStatus | null; external_id: string | null; custom: CustomValues; created_at: number; updated_at: number }
export type PersonInput = { first_name: string; last_name: string; emails: LabeledValue[]; phones: LabeledValue[]; address: Address; socials: SocialProfile[]; company_id: number | null; company_name: string | null; job_title: string | null; owner: string | null; tags: string[]; source: string | null; preferred_channel: Channel | null; language: string | null; lifecycle: Lifecycle; lead_status: LeadStatus | null; external_id: string | null; custom: CustomValues }
export type PersonRow = { id: number; first_name: string; last_name: string; email: string | null; phone: string | null; company_id: number | null; company_name: string | null; job_title: string | null; owner: string | null; tags: string[]; lifecycle: Lifecycle; lead_status: LeadStatus | null; city: string | null; created_at: number; updated_at: number }
export type PersonSort = "name" | "company" | "lifecycle" | "created_at" | "updated_at"
export type Pipeline = { id: number; name: string; system_key: string | null; position: number; stages: Stage[] }
export type SearchHit = { entity: Entity; id: number; title: string; subtitle: string | null }
export type Settings = { language: string | null; theme: Theme; default_currency: string; user_name: string | null }
export type SocialProfile = { network: string; url: string }
export type Stage = { id: number; pipeline_id: number; name: string; system_key: string | null; position: number; probability: number }
export type Task = { id: number; title: string; notes: string | null; due_at: number; remind_at: number | null; done_at: number | null; person_id: number | null; person_name: string | null; company_id: number | null; company_name: string | null; deal_id: number | null; deal_title: string | null; owner: string | null; created_at: number; updated_at: number }
export type TaskInput = { title: string; notes: string | null; due_at: number; remind_at: number | null; person_id: number | null; company_id: number | null; deal_id: number | null; owner: string | null }
export type TaskState = "open" | "done" | "all"
export type TasksQuery = { state: TaskState; person_id: number | null; company_id: number | null; deal_id: number | null; search: string | null; due_before: number | null; limit: number | null; cursor: string | null }
export type Theme = "system" | "light" | "dark"
export type TimelineQuery = { person_id: number | null; company_id: number | null; deal_id: number | null; kinds: ActivityKind[]; limit: number | null; cursor: string | null }
export type TodayView = { overdue: Task[]; today: Task[]; day_start: number; day_end: number }
export type TrashItem = { entity: Entity; id: number; title: string; deleted_at: number }

/** tauri-specta globals **/

import {
	invoke as TAURI_INVOKE,
	Channel as TAURI_CHANNEL,
} from "@tauri-apps/api/core";
import * as TAURI_API_EVENT from "@tauri-apps/api/event";
import { type WebviewWindow as __WebviewWindow__ } from "@tauri-apps/api/webviewWindow";

type __EventObj__<T> = {
	listen: (
		cb: TAURI_API_EVENT.EventCallback<T>,
	) => ReturnType<typeof TAURI_API_EVENT.listen<T>>;
	once: (
		cb: TAURI_API_EVENT.EventCallback<T>,
	) => ReturnType<typeof TAURI_API_EVENT.once<T>>;
	emit: null extends T
		? (payload?: T) => ReturnType<typeof TAURI_API_EVENT.emit>
		: (payload: T) => ReturnType<typeof TAURI_API_EVENT.emit>;
};

export type Result<T, E> =
	| { status: "ok"; data: T }
	| { status: "error"; error: E };

function __makeEvents__<T extends Record<string, any>>(
	mappings: Record<keyof T, string>,
) {
	return new Proxy(
		{} as unknown as {
			[K in keyof T]: __EventObj__<T[K]> & {
				(handle: __WebviewWindow__): __EventObj__<T[K]>;
			};
		},
		{
			get: (_, event) => {
				const name = mappings[event as keyof T];

				return new Proxy((() => {}) as any, {
					apply: (_, __, [window]: [__WebviewWindow__]) => ({
						listen: (arg: any) => window.listen(name, arg),
						once: (arg: any) => window.once(name, arg),
						emit: (arg: any) => window.emit(name, arg),
					}),
					get: (_, command: keyof __EventObj__<any>) => {
						switch (command) {
							case "listen":
								return (arg: any) => TAURI_API_EVENT.listen(name, arg);
							case "once":
								return (arg: any) => TAURI_API_EVENT.once(name, arg);
							case "emit":
								return (arg: any) => TAURI_API_EVENT.emit(name, arg);
						}
					},
				});
			},
		},
	);
}
