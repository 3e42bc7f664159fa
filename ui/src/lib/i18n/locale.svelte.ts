// The language the till's screen speaks, and its words: every text the UI
// shows comes from the catalogs (en.ts, de.ts) through `t` and `tn`. The
// language is a display preference of this till (lib/display.ts); reading it
// here is reactive, so every component re-renders when it changes.

import { de } from "./de";
import { en, type Messages } from "./en";
import type { Language as PrintLanguage } from "../../bindings/Language";

export type Language = "en" | "de";

/** The languages offered, each named in itself, with the BCP 47 tag `Intl` formats with. */
export const LANGUAGES: Record<Language, { name: string; tag: string }> = {
  en: { name: "English", tag: "en" },
  de: { name: "Deutsch", tag: "de-DE" },
};

export const CATALOGS: Record<Language, Messages> = { en, de };

/** The languages the core prints receipts and reports in (its `Language`), named in themselves; the compiler checks the list is the core's whole list. */
export const PRINT_LANGUAGES = ["en", "de"] as const satisfies readonly PrintLanguage[];
type UnlistedPrintLanguage = Exclude<PrintLanguage, (typeof PRINT_LANGUAGES)[number]>;
const everyPrintLanguageListed: [UnlistedPrintLanguage] extends [never] ? true : false = true;
void everyPrintLanguageListed;

/** The forms of a counted message, chosen by `Intl.PluralRules`; `other` is always there. */
export interface PluralForms {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

/** Keys of plain messages. */
export type MessageKey = { [K in keyof Messages]: Messages[K] extends string ? K : never }[keyof Messages];
/** Keys of counted messages (`tn`). */
export type PluralKey = { [K in keyof Messages]: Messages[K] extends string ? never : K }[keyof Messages];

export type Params = Record<string, string | number>;

const current = $state<{ language: Language }>({ language: "en" });

/** The language shown now. */
export const language = (): Language => current.language;

/** The `Intl` locale of the language shown now ("en", "de-DE"). */
export const localeTag = (): string => LANGUAGES[current.language].tag;

/** The language for a browser's `navigator.language`: German for de*, else English. */
export function languageOf(tag: string | undefined | null): Language {
  return /^de\b/i.test(tag ?? "") ? "de" : "en";
}

/** Shows the screen in `lang`, and says so on the page (`<html lang>`). */
export function setLanguage(lang: Language, root: HTMLElement | undefined = globalThis.document?.documentElement): void {
  current.language = lang;
  if (root) root.lang = lang;
}

/** Puts `{name}` params into a message; a param not given stays as written. */
export function fill(text: string, params: Params | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A message in the language shown now, with its params. */
export function t(key: MessageKey, params?: Params): string {
  const text = CATALOGS[current.language][key] as string | undefined;
  return fill(text ?? (en[key] as string), params);
}

/** A plain message by a key made at run time (the core's `error.<key>`, `event.<key>`, a term), in the language shown, English when that lacks it; undefined when no catalog has it as plain text. */
export function textOf(key: string): string | undefined {
  const found = (CATALOGS[current.language] as Record<string, unknown>)[key] ?? (en as Record<string, unknown>)[key];
  return typeof found === "string" ? found : undefined;
}

const RULES = new Map<string, Intl.PluralRules>();

/** The plural rules of a locale, made once. */
function pluralRules(locale: string): Intl.PluralRules {
  let rules = RULES.get(locale);
  if (!rules) RULES.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
}

/** A counted message ("1 product", "3 products"), its form chosen by the language's plural rules; `{count}` is the count. */
export function tn(key: PluralKey, count: number, params?: Params): string {
  const forms = (CATALOGS[current.language][key] ?? en[key]) as PluralForms;
  const rule = pluralRules(localeTag()).select(count) as keyof PluralForms;
  return fill(forms[rule] ?? forms.other, { count, ...params });
}
