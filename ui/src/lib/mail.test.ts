import { describe, expect, it } from "vitest";
import { accountDraft, accountInput, defaultPorts, formatFingerprint, isLong, loadDraft, saveDraft, splitQuoted, withSecurity } from "./mail";

describe("mail helpers", () => {
  it("takes default ports from the core's MAIL_DEFAULTS and keeps ports the user typed", () => {
    expect(defaultPorts("tls")).toEqual([993, 465]);
    expect(defaultPorts("starttls")).toEqual([143, 587]);
    const d = accountDraft(null);
    expect([d.imap_port, d.smtp_port, d.per_minute, d.per_day]).toEqual(["993", "465", "20", "500"]);
    const s = withSecurity({ ...d, imap_port: "10993" }, "starttls");
    expect([s.imap_port, s.smtp_port]).toEqual(["10993", "587"]);
  });

  it("builds the input: folders split, empty signatures dropped, numbers parsed", () => {
    const d = { ...accountDraft(null), name: " Work ", extra_folders: "A, B\nC", per_day: "x", signatures: { en: "Best", nl: " ", de: "", da: "Hilsen" } };
    const i = accountInput(d);
    expect(i.name).toBe("Work");
    expect(i.extra_folders).toEqual(["A", "B", "C"]);
    expect(i.per_day).toBe(0);
    expect(i.signatures).toEqual([{ lang: "en", body: "Best" }, { lang: "da", body: "Hilsen" }]);
  });

  it("folds quoted history and long bodies", () => {
    expect(splitQuoted("Yes.\n\nOn Mon, Sam wrote:\n> offer")).toEqual({ text: "Yes.", quoted: "On Mon, Sam wrote:\n> offer" });
    expect(splitQuoted("> only quote").quoted).toBeNull();
    expect(isLong("a\nb")).toBe(false);
    expect(isLong("x".repeat(601))).toBe(true);
    expect(formatFingerprint("ab01cd")).toBe("AB:01:CD");
  });

  it("keeps a compose draft per record and drops an empty one", () => {
    saveDraft("person.1", { accountId: 2, to: "a@b.dk", subject: "Hej", body: "", templateId: null });
    expect(loadDraft("person.1")?.subject).toBe("Hej");
    expect(loadDraft("person.2")).toBeNull();
    saveDraft("person.1", { accountId: 2, to: "a@b.dk", subject: " ", body: "", templateId: null });
    expect(loadDraft("person.1")).toBeNull();
  });
});
