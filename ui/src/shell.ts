// What a screen's state may use of the app around it: the core's commands,
// who is signed in, the message bar, the one open modal, moving between
// screens, and what other screens offer (an order's timeline, a receipt, a
// void). The app (app.svelte.ts) implements it and owns the screen states;
// a screen state knows this interface only, never the app or another screen.
// It imports no screen and no app code, so there is no import loop.

import type { Api } from "./bindings/api";
import type { ErrorBody } from "./bindings/ErrorBody";
import type { Exchanged } from "./bindings/Exchanged";
import type { RecordKey } from "./bindings/RecordKey";
import type { Scope } from "./bindings/Scope";
import type { Settings } from "./bindings/Settings";
import type { StaffMember } from "./bindings/StaffMember";
import type { VerifyReport } from "./bindings/VerifyReport";
import type { Route } from "./lib/route";

export type { ErrorBody };

export type Screen = "register" | "backoffice" | "history" | "record" | "orders" | "refund" | "drawer" | "audit" | "report";

/** What every modal has: the modal's own work in flight, and the core's refusal shown in it. */
export interface ModalBase {
  busy: boolean;
  error: ErrorBody | null;
}

/** A modal as the shell holds it: each screen state defines its own kinds. */
export interface OpenModal extends ModalBase {
  readonly kind: string;
}

export const modalBase = (): ModalBase => ({ busy: false, error: null });

export interface Shell {
  /** The core's commands (a `not_signed_in` refusal also ends the session). */
  readonly api: Api;
  /** Who is signed in; null while the sign-in card shows. */
  readonly staff: StaffMember | null;
  readonly isManager: boolean;
  /** Whose records the orders, audit and report screens show: this till's, or the whole shop's. */
  readonly scope: Scope;
  /** Whether this till is connected to a shop server (the whole shop can be asked for). */
  readonly shopConnected: boolean;
  /** Switches between this till's records and the whole shop's; the screen showing reads again. */
  setScope(scope: Scope): void;
  /** The core said the whole shop cannot be shown now: back to this till's records, saying why. */
  shopUnavailable(error: ErrorBody): void;
  /** The screen showing. */
  readonly screen: Screen;

  // ── The message bar ──
  /** Shows a refusal (until the next success). */
  showError(error: ErrorBody): void;
  /** Clears any refusal and shows `notice` (or nothing). */
  succeeded(notice?: string): void;
  /** Shows a notice, leaving any refusal as it is. */
  notify(notice: string): void;
  /** Clears any refusal, leaving the notice as it is. */
  clearError(): void;

  // ── The one modal ──
  /** The modal showing (any screen's); screens compare it with their own to drop late answers. */
  readonly modal: OpenModal | null;
  /** Shows a modal in place of any other; answers the modal as held (reactive), to keep and compare. */
  openModal<M extends OpenModal>(modal: M): M;
  closeModal(): void;

  // ── Moving between screens ──
  /** Shows a screen (false when the staff member may not see it: the message bar says why). */
  go(screen: Screen): boolean;
  /** Escape on a screen: back where it was opened from. */
  back(): void;
  /** Puts a screen's place in the address (replacing; no history entry). */
  writeRoute(route: Route | null): void;

  // ── What other screens offer ──
  /** An order's timeline at a version (default: the latest), optionally compared up to `to`; `till` names another till's order. */
  openTimeline(orderId: number, version?: number | null, to?: number | null, till?: string | null): Promise<void>;
  /** A back-office record's timeline (a product, the shop's settings and policy, a staff member) at a version (default: the latest). */
  openRecord(key: RecordKey, version?: number | null): Promise<void>;
  /** A paid order's receipt. */
  showReceipt(orderId: number): Promise<void>;
  /** The refund screen, with a paid sale's lines when one is named. */
  openRefund(orderId?: number | null): Promise<void>;
  /** The refund screen as an exchange: the goods coming back pay for the register's open order `orderId`. */
  openExchange(orderId: number, reference: string): void;
  /** An exchange paid the register's order: back to the register, its receipt showing. */
  exchanged(done: Exchanged): void;
  /** The register's void, for any order. */
  voidOrder(orderId: number): Promise<void>;
  /** An order changed (a void): screens showing it read it again. */
  orderChanged(orderId: number): void;

  // ── The shop and the database ──
  /** The back office saved new settings. */
  settingsSaved(settings: Settings): void;
  /** The database changed: the status line re-reads it when the till is idle. */
  dataChanged(): void;
  /** A chain check's result (a break shows the banner). */
  chainChecked(report: VerifyReport): void;
}
