// This till's enrolment with the shop server, in the back office's
// settings: where it is enrolled, and a manager's enrolment by a one-time
// code. Every check (the address, the code, the certificate authority) and
// the enrolment itself are the core's: shopServer, enrolTill.

import type { Enrolment } from "./bindings/Enrolment";
import { toErrorBody } from "./lib/errors";
import { t } from "./lib/i18n/locale.svelte";
import type { ErrorBody, Shell } from "./shell";

/** The enrolment form's fields, as the core's `EnrolTillArgs` names them. */
export type EnrolField = "server" | "shop" | "code" | "ca";

export class ShopServerState {
  /** Where this till is enrolled; null when it is not (or not yet read). */
  enrolment = $state.raw<Enrolment | null>(null);
  form = $state({ server: "", shop: "", code: "", ca: "" });
  busy = $state(false);
  error = $state.raw<ErrorBody | null>(null);
  /** Said once the till is enrolled. */
  done = $state("");

  constructor(private readonly shell: Shell) {}

  /** Reads where the till is enrolled; the form starts from it. */
  async load(): Promise<void> {
    try {
      const enrolment = await this.shell.api.shopServer();
      this.enrolment = enrolment;
      if (enrolment && this.form.server === "" && this.form.shop === "") {
        this.form.server = enrolment.server;
        this.form.shop = enrolment.shop;
      }
    } catch (e) {
      this.error = toErrorBody(e);
    }
  }

  edited(): void {
    this.done = "";
  }

  /** Trades the one-time code for this till's token; the footer then shows the sync. */
  async enrol(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    this.done = "";
    const { server, shop, code, ca } = this.form;
    try {
      const enrolment = await this.shell.api.enrolTill({ server, shop, code, ca: ca.trim() === "" ? null : ca });
      this.enrolment = enrolment;
      this.form.code = "";
      this.done = t("shopServer.enrolled", { till: enrolment.till, shop: enrolment.shop, server: enrolment.server });
      this.shell.notify(this.done);
    } catch (e) {
      this.error = toErrorBody(e);
    } finally {
      this.busy = false;
    }
  }

  /** The core's refusal when it is about `field` (else it shows under the form). */
  errorFor(field: EnrolField): ErrorBody | null {
    return this.error?.field === field ? this.error : null;
  }
}
