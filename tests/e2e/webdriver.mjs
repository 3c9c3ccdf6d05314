// A small W3C WebDriver client over fetch: enough to drive the real Relata window through tauri-driver
// and WebKitWebDriver, without pulling a browser-automation framework into the build.

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
const KEYS = { Alt: "\uE00A", Control: "\uE009", Shift: "\uE008", Enter: "\uE007", Escape: "\uE00C", ArrowRight: "\uE014", ArrowLeft: "\uE012", ArrowDown: "\uE015", ArrowUp: "\uE013" };
const MODIFIERS = new Set(["Alt", "Control", "Shift"]);
const DRIVER = process.env.WEBDRIVER_URL ?? "http://127.0.0.1:4444";

async function call(method, path, body, timeoutMs) {
  const res = await fetch(`${DRIVER}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const v = json.value ?? {};
    const err = new Error(`${method} ${path}: ${v.error ?? res.status}: ${v.message ?? ""}`);
    err.webdriverError = v.error;
    throw err;
  }
  return json.value;
}

export async function waitFor(what, probe, timeoutMs = 10000, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export class Session {
  constructor(id) {
    this.id = id;
  }

  /** Launches the app binary with `args` through tauri-driver. */
  static async start(application, args = []) {
    // A launch answers within seconds even on a loaded machine; a driver that dropped the connection to
    // WebKitWebDriver never answers, so the request gives up after 90 s instead of fetch's 300 s.
    const value = await call("POST", "/session", {
      capabilities: { alwaysMatch: { "tauri:options": { application, args } } },
    }, 90000);
    const s = new Session(value.sessionId);
    return s;
  }

  p(path) {
    return `/session/${this.id}${path}`;
  }

  async quit() {
    await call("DELETE", this.p("")).catch(() => {});
  }

  async findAll(css) {
    const els = await call("POST", this.p("/elements"), { using: "css selector", value: css });
    return els.map((e) => e[ELEMENT]);
  }

  /** The first element matching `css`, waiting for it to appear. */
  async find(css, timeoutMs = 10000) {
    return waitFor(`element ${css}`, async () => (await this.findAll(css))[0], timeoutMs);
  }

  async findIn(parent, css) {
    const els = await call("POST", this.p(`/element/${parent}/elements`), { using: "css selector", value: css });
    return els.map((e) => e[ELEMENT]);
  }

  /** Clicks the first element matching `css` once it is enabled: a button that waits for data (disabled until
   * a list has loaded) ignores a click, and the test would then wait for something that never comes. */
  async click(css) {
    // A list that renders again between the find and the click replaces the element: find it again.
    return waitFor(`a click on ${css}`, async () => {
      const el = await this.findEnabled(css);
      try {
        await call("POST", this.p(`/element/${el}/click`), {});
      } catch (e) {
        if (e.webdriverError === "stale element reference") return undefined;
        throw e;
      }
      return el;
    });
  }

  /** The first element matching `css` once it is enabled, found again on each try: a list that renders
   * again while it loads replaces the element, and the old one can only answer "stale". */
  async findEnabled(css, timeoutMs = 10000) {
    return waitFor(`${css} to be enabled`, async () => {
      const el = (await this.findAll(css))[0];
      return el && (await call("GET", this.p(`/element/${el}/enabled`))) ? el : undefined;
    }, timeoutMs);
  }

  /** Clicks once the element has stopped moving: on a page whose cards above it are still loading, the
   * element can shift between WebDriver's scroll and its click, which then lands elsewhere. */
  async clickSettled(css, timeoutMs = 10000) {
    const el = await this.findEnabled(css, timeoutMs);
    const top = () => this.exec("arguments[0].scrollIntoView({ block: 'center' }); return arguments[0].getBoundingClientRect().top;", [{ [ELEMENT]: el }]);
    let last = await top();
    await waitFor(`${css} to stop moving`, async () => {
      await new Promise((r) => setTimeout(r, 250));
      const now = await top();
      const still = now === last;
      last = now;
      return still;
    }, timeoutMs);
    await call("POST", this.p(`/element/${el}/click`), {});
    return el;
  }

  async type(css, text) {
    const el = await this.find(css);
    await call("POST", this.p(`/element/${el}/clear`), {});
    await call("POST", this.p(`/element/${el}/value`), { text });
    return el;
  }

  /** The element's rendered text. WebKitWebDriver's own getText drops plain text inside grid cells, so this
   * asks the page for innerText, which is what a person sees. */
  async text(el) {
    return this.exec("return arguments[0].innerText;", [{ [ELEMENT]: el }]);
  }

  /** Picks an option in a native <select>. WebKitWebDriver selects a clicked option without sending the
   * `change` event a person's choice sends, so the event is dispatched as the browser would. */
  async selectOption(css, value) {
    const el = await this.find(css);
    await this.exec(
      "const [el, v] = arguments; el.value = v; el.dispatchEvent(new Event('change', { bubbles: true }));",
      [{ [ELEMENT]: el }, value],
    );
  }

  async textOf(css) {
    return this.text(await this.find(css));
  }

  async texts(css) {
    const out = [];
    for (const el of await this.findAll(css)) out.push(await this.text(el));
    return out;
  }

  async exec(script, args = []) {
    return call("POST", this.p("/execute/sync"), { script, args });
  }

  /** Waits until some element matching `css` has text containing `needle`. */
  async waitForText(css, needle, timeoutMs = 10000) {
    return waitFor(`"${needle}" in ${css}`, async () => (await this.texts(css)).find((t) => t.includes(needle)), timeoutMs);
  }

  /** Presses keys as a keyboard would: modifiers held while the others are pressed in order. */
  async press(...keys) {
    const mods = keys.filter((k) => MODIFIERS.has(k));
    const rest = keys.filter((k) => !MODIFIERS.has(k));
    const actions = [
      ...mods.map((k) => ({ type: "keyDown", value: KEYS[k] })),
      ...rest.flatMap((k) => [{ type: "keyDown", value: KEYS[k] ?? k }, { type: "keyUp", value: KEYS[k] ?? k }]),
      ...mods.reverse().map((k) => ({ type: "keyUp", value: KEYS[k] })),
    ];
    await call("POST", this.p("/actions"), { actions: [{ type: "key", id: "keyboard", actions }] });
    await call("DELETE", this.p("/actions")).catch(() => {});
  }

  async focus(css) {
    const el = await this.find(css);
    await this.exec("arguments[0].focus();", [{ [ELEMENT]: el }]);
    return el;
  }

  async setWindowSize(width, height) {
    await call("POST", this.p("/window/rect"), { width, height });
  }

  async screenshot(path) {
    const { writeFile } = await import("node:fs/promises");
    const b64 = await call("GET", this.p("/screenshot"));
    await writeFile(path, Buffer.from(b64, "base64"));
  }
}
