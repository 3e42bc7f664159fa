// Any call the core refuses with `not_signed_in` means the session is gone
// (the app restarted, someone signed out elsewhere): the till goes back to
// the sign-in card, whatever screen made the call.

import { toErrorBody } from "./errors";
import type { ErrorBody } from "../backend";

/** The backend, with every method's `not_signed_in` refusal reported to `lost` (and still rejected). */
export function watchSession<T extends object>(backend: T, lost: (error: ErrorBody) => void): T {
  return new Proxy(backend, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function" || prop === "signIn") return value;
      return (...args: unknown[]) => {
        // Read the method at call time, so a test's spy on the backend is called.
        const method = Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown;
        const result = method.apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.catch((e: unknown) => {
          const body = toErrorBody(e);
          if (body.code === "not_signed_in") lost(body);
          throw e;
        });
      };
    },
  });
}
