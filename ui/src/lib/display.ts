// How this till's screen looks to the people at it: a high-contrast theme for
// bright shops, larger text for tired eyes, and the language it speaks. A
// preference of the screen, kept in the webview's storage, never a rule of
// the shop.

import { languageOf, setLanguage, type Language } from "./i18n/locale.svelte";

export interface DisplayPrefs {
  contrast: boolean;
  largeText: boolean;
  language: Language;
}

const KEY = "pos.display";

/** The language a till starts in before one is chosen: the webview's (German for de*, else English). */
export const defaultLanguage = (): Language => languageOf(globalThis.navigator?.language);

export const displayDefault = (): DisplayPrefs => ({ contrast: false, largeText: false, language: defaultLanguage() });

/** The saved preferences (the defaults when none are saved or storage is unavailable). */
export function loadDisplay(storage: Pick<Storage, "getItem"> | undefined = globalThis.localStorage): DisplayPrefs {
  try {
    const saved = JSON.parse(storage?.getItem(KEY) ?? "null") as Partial<DisplayPrefs> | null;
    const language = saved?.language === "en" || saved?.language === "de" ? saved.language : defaultLanguage();
    return { contrast: saved?.contrast === true, largeText: saved?.largeText === true, language };
  } catch {
    return displayDefault();
  }
}

export function saveDisplay(prefs: DisplayPrefs, storage: Pick<Storage, "setItem"> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(KEY, JSON.stringify(prefs));
  } catch {
    // A full or missing storage keeps the preference for this session only.
  }
}

/** Puts the preferences on the page: `data-contrast` and `data-text` on the root, which app.css styles, and the language (`<html lang>`). */
export function applyDisplay(prefs: DisplayPrefs, root: HTMLElement | undefined = globalThis.document?.documentElement): void {
  setLanguage(prefs.language, root);
  if (!root) return;
  root.dataset.contrast = prefs.contrast ? "high" : "normal";
  root.dataset.text = prefs.largeText ? "large" : "normal";
}
