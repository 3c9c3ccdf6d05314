import type { TFunction } from "i18next";
import type { TicketChannel, TicketPriority, TicketStatus, TicketType } from "../../bindings";
import type { Option } from "../../components/Field";

// The values of the core's ticket enums, in the core's order (typed against the bindings).
export const STATUSES: TicketStatus[] = ["new", "open", "pending", "on_hold", "solved", "closed"];
export const PRIORITIES: TicketPriority[] = ["low", "normal", "high", "urgent"];
export const TYPES: TicketType[] = ["question", "incident", "problem", "request"];
export const CHANNELS: TicketChannel[] = ["email", "phone", "chat", "visit", "web", "social"];

export function options(t: TFunction, group: string, values: string[]): Option[] {
  return values.map((v) => ({ value: v, label: t(`tickets.${group}.${v}`) }));
}

export const isOpen = (s: TicketStatus) => s !== "solved" && s !== "closed";
