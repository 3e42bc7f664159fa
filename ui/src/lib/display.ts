// How this till's screen looks to the people at it: a high-contrast theme for
// bright shops and larger text for tired eyes. A preference of the screen,
// kept in the webview's storage, never a rule of the shop.

export interface DisplayPrefs {
  contrast: boolean;
  largeText: boolean;
}

const KEY = "pos.display";

export const DISPLAY_DEFAULT: DisplayPrefs = { contrast: false, largeText: false };

/** The saved preferences (the defaults when none are saved or storage is unavailable). */
export function loadDisplay(storage: Pick<Storage, "getItem"> | undefined = globalThis.localStorage): DisplayPrefs {
  try {
    const saved = JSON.parse(storage?.getItem(KEY) ?? "null") as Partial<DisplayPrefs> | null;
    return { contrast: saved?.contrast === true, largeText: saved?.largeText === true };
  } catch {
    return { ...DISPLAY_DEFAULT };
  }
}

export function saveDisplay(prefs: DisplayPrefs, storage: Pick<Storage, "setItem"> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(KEY, JSON.stringify(prefs));
  } catch {
    // A full or missing storage keeps the preference for this session only.
  }
}

/** Puts the preferences on the page: `data-contrast` and `data-text` on the root, which app.css styles. */
export function applyDisplay(prefs: DisplayPrefs, root: HTMLElement | undefined = globalThis.document?.documentElement): void {
  if (!root) return;
  root.dataset.contrast = prefs.contrast ? "high" : "normal";
  root.dataset.text = prefs.largeText ? "large" : "normal";
}
