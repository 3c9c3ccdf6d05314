export function flatten(obj: object, prefix?: string, out?: Record<string, string>): Record<string, string>;
export function placeholders(text: string): string[];
export function compareLocales(locales: Record<string, object>, reference?: string): string[];
export function missingUsedKeys(sources: string[], referenceTree: object): string[];
