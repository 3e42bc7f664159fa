// Any call the core refuses with `not_signed_in` means the session is gone
// (the app restarted, someone signed out elsewhere): the till goes back to
// the sign-in card, whatever screen made the call. A refusal of a call sent
// before the latest sign-in says nothing about the new session and is only
// passed on.

import { toErrorBody } from "./errors";
import type { ErrorBody } from "../bindings/ErrorBody";

export interface SessionWatch {
  /** Which session a call belongs to: anything that changes at each sign-in. */
  session(): unknown;
  /** A call of the current session was refused with `not_signed_in`. */
  lost(error: ErrorBody): void;
}

/** The backend, with every method's `not_signed_in` refusal reported to `watch.lost` (and still rejected). */
export function watchSession<T extends object>(backend: T, watch: SessionWatch): T {
  return new Proxy(backend, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function" || prop === "signIn") return value;
      return (...args: unknown[]) => {
        const session = watch.session();
        // Read the method at call time, so a test's spy on the backend is called.
        const method = Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown;
        const result = method.apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.catch((e: unknown) => {
          const body = toErrorBody(e);
          if (body.code === "not_signed_in" && watch.session() === session) watch.lost(body);
          throw e;
        });
      };
    },
  });
}
