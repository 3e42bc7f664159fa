// Helpers for the UI tests: mount the app on the fake backend in happy-dom
// and drive it as a person would (keys, clicks, typing).

import { flushSync, mount, unmount } from "svelte";
import App from "./components/App.svelte";
import { FakeBackend, type FakeOptions } from "./fakeBackend";
import { AppState } from "./app.svelte";

let app: Record<string, unknown> | null = null;
let current: AppState | null = null;

export function cleanup(): void {
  if (app) unmount(app);
  app = null;
  // Nothing of this till may touch the next test (a replay, a pending address update).
  current?.history.reset();
  current = null;
  document.body.innerHTML = "";
  window.history.replaceState(null, "", "/");
}

export const $ = <T extends Element = HTMLElement>(css: string) => document.querySelector<T>(css);
export const $$ = (css: string) => [...document.querySelectorAll<HTMLElement>(css)];
export const text = (css: string) => $(css)?.textContent?.trim() ?? "";

export async function waitFor<T>(probe: () => T | null | undefined | false, what = "condition", ms = 3000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    flushSync();
    const v = probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function type(css: string, value: string): void {
  const el = $<HTMLInputElement>(css);
  if (!el) throw new Error(`no ${css}`);
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
  el.dispatchEvent(new Event("change", { bubbles: true }));
  flushSync();
}

export function submit(css: string): void {
  const el = $<HTMLElement>(css)!;
  const form = el instanceof HTMLFormElement ? el : el.closest("form")!;
  form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  flushSync();
}

export function click(css: string): void {
  const el = $<HTMLElement>(css);
  if (!el) throw new Error(`no ${css}`);
  el.click();
  flushSync();
}

/** A key pressed where the focus is (Alt+letter and Ctrl+letter need `code`). */
export function press(key: string, init: KeyboardEventInit = {}): void {
  const target = document.activeElement ?? document.body;
  const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  if (key === "Enter" && !event.defaultPrevented && target instanceof HTMLButtonElement) target.click();
  flushSync();
}

export const alt = (letter: string) => press(letter.toLowerCase(), { altKey: true, code: `Key${letter.toUpperCase()}` });

export async function start(options: FakeOptions = {}) {
  const backend = new FakeBackend(options);
  const state = new AppState(backend, { fake: true });
  app = mount(App, { target: document.body, props: { app: state } });
  current = state;
  await waitFor(() => $("#signin-code"), "sign-in");
  return { backend, app: state };
}

export async function signIn(code = "1001", pin = "1234"): Promise<void> {
  type("#signin-code", code);
  type("#signin-pin", pin);
  submit("#signin-submit");
  await waitFor(() => !$("#signin-code") && $("#staff-name"), "signed in");
}

/** Types a code into the entry and presses Enter, as a scanner does. */
export async function scan(code: string): Promise<void> {
  const before = $$("#lines tr[data-line]").length;
  type("#entry", code);
  submit("#entry");
  await waitFor(() => $$("#lines tr[data-line]").length > before, `line for ${code}`);
}

/** The timeline panel once it shows `version`. */
export const panelAt = (version: number) =>
  waitFor(() => $(`#timeline-panel[data-version="${version}"][data-rendered-version="${version}"]`), `panel at v${version}`);
