// Text lengths as the core counts them (Rust's `str::chars`): Unicode code points, not UTF-16 units, so an
// emoji or a rare CJK character counts once on both sides and a limit from TEXT_LIMITS means the same.

export const textLength = (s: string): number => [...s].length;

/** Whether `s` is longer than `max` characters, the core's limit for its field. */
export const tooLong = (s: string, max: number): boolean => textLength(s) > max;
