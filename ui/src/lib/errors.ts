import type { ErrorBody } from "../bindings/ErrorBody";
import type { Param } from "../bindings/Param";
import { fill, textOf } from "./i18n/locale.svelte";
import { formatDay } from "./format";
import { formatMoney, localiseAmount } from "./money";

/** Any rejection as the core's `{ code, message, field?, key?, params? }`; anything else becomes code "unexpected". */
export function toErrorBody(e: unknown): ErrorBody {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const { code, message, field, key, params } = e as { code: unknown; message: unknown; field?: unknown; key?: unknown; params?: unknown };
    if (typeof code === "string" && typeof message === "string") {
      const body: ErrorBody = { code, message };
      if (typeof field === "string") body.field = field;
      if (typeof key === "string") body.key = key;
      if (params && typeof params === "object") body.params = params as ErrorBody["params"];
      return body;
    }
  }
  if (e instanceof Error) return { code: "unexpected", message: e.message };
  return { code: "unexpected", message: String(e) };
}

/** One param of a core message as the language shown writes it. */
function formatParam(p: Param): string {
  switch (p.kind) {
    case "text":
      return p.value;
    case "number":
      return localiseAmount(String(p.value));
    case "amount":
      return formatMoney(p.value);
    case "percent":
      return localiseAmount(p.value);
    case "date":
      return formatDay(p.value);
    case "term":
      return textOf(p.value) ?? p.value;
  }
}

/** What a refusal of the core says, in the language shown: the catalog's `error.<key>` with its params, or the core's own (English) message when the catalog has no such key, the refusal none, or the refusal lacks a param the catalog's text names (an older till or server sent the key with other params). */
export function errorText(e: ErrorBody): string {
  const text = e.key ? textOf(`error.${e.key}`) : undefined;
  if (text === undefined) return e.message;
  const params: Record<string, string> = {};
  for (const [name, p] of Object.entries(e.params ?? {})) if (p) params[name] = formatParam(p);
  const named = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (named.some((name) => !(name in params))) return e.message;
  return fill(text, params);
}

/** Codes that mean "a manager must approve this": resend the same command with approval. */
export const NEEDS_MANAGER = new Set(["manager_required", "approver_not_manager"]);

/** Codes a manager modal answers by staying open for another try. */
export const APPROVAL_RETRY = new Set(["wrong_pin", "pin_locked", "approver_not_manager", "staff_inactive", "required"]);
