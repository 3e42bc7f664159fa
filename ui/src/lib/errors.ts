import type { ErrorBody } from "../bindings/ErrorBody";

/** Any rejection as the core's `{ code, message }`; anything else becomes code "unexpected". */
export function toErrorBody(e: unknown): ErrorBody {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const { code, message, field } = e as { code: unknown; message: unknown; field?: unknown };
    if (typeof code === "string" && typeof message === "string") return typeof field === "string" ? { code, message, field } : { code, message };
  }
  if (e instanceof Error) return { code: "unexpected", message: e.message };
  return { code: "unexpected", message: String(e) };
}

/** Codes that mean "a manager must approve this": resend the same command with approval. */
export const NEEDS_MANAGER = new Set(["manager_required", "approver_not_manager"]);

/** Codes a manager modal answers by staying open for another try. */
export const APPROVAL_RETRY = new Set(["wrong_pin", "pin_locked", "approver_not_manager", "staff_inactive", "required"]);
