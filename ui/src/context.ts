import { getContext, setContext } from "svelte";
import type { Modal, TillState } from "./till.svelte";

const KEY = Symbol("till");

export const provideTill = (till: TillState): TillState => setContext(KEY, till);
export const useTill = (): TillState => getContext<TillState>(KEY);

/**
 * The open modal's state, for the component that shows it. ModalHost re-creates
 * the component whenever another modal opens, so reading it once is enough; the
 * fields stay reactive (it is a $state proxy owned by the TillState).
 */
export function useModal<K extends Modal["kind"]>(kind: K): Extract<Modal, { kind: K }> {
  const m = useTill().modal;
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
