import { getContext, setContext } from "svelte";
import type { AppState, Modal } from "./app.svelte";

const KEY = Symbol("app");

export const provideApp = (app: AppState): AppState => setContext(KEY, app);
export const useApp = (): AppState => getContext<AppState>(KEY);

/**
 * The open modal's state, for the component that shows it. ModalHost re-creates
 * the component whenever another modal opens, so reading it once is enough; the
 * fields stay reactive (it is a $state proxy held by the app).
 */
export function useModal<K extends Modal["kind"]>(kind: K): Extract<Modal, { kind: K }> {
  const m = useApp().modal;
  if (m?.kind !== kind) throw new Error(`the open modal is ${m?.kind ?? "none"}, not ${kind}`);
  return m as Extract<Modal, { kind: K }>;
}

/** Focuses (and selects) an element when it appears. */
export function autofocus(node: HTMLElement): void {
  queueMicrotask(() => {
    node.focus();
    if (node instanceof HTMLInputElement) node.select();
  });
}
