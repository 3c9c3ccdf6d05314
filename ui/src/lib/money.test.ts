import { describe, expect, it } from "vitest";
import { currencyDigits, formatMoney, minorToDecimalString, minorToInput, parseDecimal, parseMoney } from "./money";

// Intl separates with no-break spaces; compare with plain ones.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("parseMoney", () => {
  it("reads each locale's decimal and grouping style exactly", () => {
    expect(parseMoney("1.234,50", "nl", "EUR")).toBe(123450);
    expect(parseMoney("1.234,50", "de", "EUR")).toBe(123450);
    expect(parseMoney("1.234,50 kr.", "da", "DKK")).toBe(123450);
    expect(parseMoney("1,234.50", "en", "USD")).toBe(123450);
    expect(parseMoney("€ 1.234,5", "nl", "EUR")).toBe(123450);
  });

  it("never loses a cent to floating point", () => {
    expect(parseMoney("0,07", "nl", "EUR")).toBe(7);
    expect(parseMoney("1,10", "de", "EUR")).toBe(110);
    expect(parseMoney("19.99", "en", "EUR")).toBe(1999);
    expect(parseMoney("4.35", "en", "EUR")).toBe(435); // 4.35 * 100 is 434.99999999999994 in floats
  });

  it("accepts a dot typed as decimal in a comma locale unless it reads as a thousands group", () => {
    expect(parseMoney("12.5", "nl", "EUR")).toBe(1250);
    expect(parseMoney("1.234", "nl", "EUR")).toBe(123400);
    expect(parseMoney("1 234,50", "da", "DKK")).toBe(123450);
  });

  it("rejects text, too many decimals and unsafe sizes", () => {
    expect(parseMoney("abc", "en", "EUR")).toBeNull();
    expect(parseMoney("", "en", "EUR")).toBeNull();
    expect(parseMoney("1,234", "nl", "EUR")).toBeNull();
    expect(parseMoney("12,3", "nl", "JPY")).toBeNull();
    expect(parseMoney("99999999999999999", "en", "EUR")).toBeNull();
  });

  it("keeps the sign", () => {
    expect(parseMoney("-5,00", "de", "EUR")).toBe(-500);
  });
});

describe("formatMoney", () => {
  it("formats minor units in the locale's style", () => {
    expect(plain(formatMoney(123450, "EUR", "nl"))).toBe("€ 1.234,50");
    expect(plain(formatMoney(123450, "EUR", "de"))).toBe("1.234,50 €");
    expect(plain(formatMoney(123450, "DKK", "da"))).toBe("1.234,50 kr.");
    expect(plain(formatMoney(123450, "EUR", "en"))).toBe("€1,234.50");
  });

  it("uses the currency's own minor digits from the core's ISO 4217 table, not Intl's", () => {
    expect(currencyDigits("EUR")).toBe(2);
    expect(currencyDigits("JPY")).toBe(0);
    expect(currencyDigits("HUF")).toBe(2);
    expect(currencyDigits("IQD")).toBe(3);
    expect(currencyDigits("KWD")).toBe(3);
    expect(currencyDigits("CLF")).toBe(4);
    expect(plain(formatMoney(123456, "HUF", "de"))).toBe("1.234,56 HUF");
    expect(parseMoney("1.234,56", "de", "HUF")).toBe(123456);
    expect(plain(formatMoney(1234567, "IQD", "en"))).toContain("1,234.567");
    expect(plain(formatMoney(1234, "JPY", "en"))).toBe("¥1,234");
    expect(plain(formatMoney(-5, "EUR", "en"))).toBe("-€0.05");
  });
});

describe("helpers", () => {
  it("writes minor units as exact decimal strings", () => {
    expect(minorToDecimalString(7, 2)).toBe("0.07");
    expect(minorToDecimalString(-123450, 2)).toBe("-1234.50");
    expect(minorToDecimalString(12, 0)).toBe("12");
  });

  it("prefills edit fields in the locale's decimal style", () => {
    expect(minorToInput(123450, "EUR", "nl")).toBe("1234,50");
    expect(minorToInput(123450, "USD", "en")).toBe("1234.50");
    expect(parseMoney(minorToInput(99, "DKK", "da"), "da", "DKK")).toBe(99);
  });

  it("parses locale decimals for number fields", () => {
    expect(parseDecimal("1.234,5", "de")).toBe(1234.5);
    expect(parseDecimal("3.5", "en")).toBe(3.5);
    expect(parseDecimal("x", "en")).toBeNull();
  });
});
