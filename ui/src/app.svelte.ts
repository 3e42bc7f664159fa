// The app around the screens: it implements the Shell the screen states use
// (the message bar, the one open modal, moving between screens and the
// address, who is signed in) and owns one state per screen. Each screen's
// state lives in its own file and knows only the Shell interface; this file
// is the only place that knows them all, and routes what one screen offers
// another (a timeline, a receipt, a void).

import type { Api } from "./bindings/api";
import type { AuditKind } from "./bindings/AuditKind";
import type { OrderStatus } from "./bindings/OrderStatus";
import type { ErrorBody } from "./bindings/ErrorBody";
import type { Exchanged } from "./bindings/Exchanged";
import type { RecordKey } from "./bindings/RecordKey";
import type { Scope } from "./bindings/Scope";
import type { Settings } from "./bindings/Settings";
import type { StaffMember } from "./bindings/StaffMember";
import type { VerifyReport } from "./bindings/VerifyReport";
import { AuditState } from "./audit.svelte";
import { BackOfficeState, type BackOfficeModal } from "./backoffice.svelte";
import { HistoryState } from "./history.svelte";
import { applyDisplay, loadDisplay, saveDisplay, type DisplayPrefs } from "./lib/display";
import { toErrorBody } from "./lib/errors";
import { setMinorUnit } from "./lib/money";
import { setTimeZone } from "./lib/zone";
import type { Action } from "./lib/keys";
import { formatRoute, parseRoute, type Route } from "./lib/route";
import { watchSession } from "./lib/session";
import { OrdersState } from "./orders.svelte";
import { RecordHistoryState, sameRecord } from "./records.svelte";
import { RegisterState, type RegisterModal } from "./register.svelte";
import { RefundState } from "./refunds.svelte";
import { ShopServerState } from "./shopServer.svelte";
import { DrawerState } from "./drawer.svelte";
import { ReportState } from "./report.svelte";
import { SessionState } from "./session.svelte";
import { modalBase, type ModalBase, type OpenModal, type Screen, type Shell } from "./shell";
import { t, type MessageKey } from "./lib/i18n/locale.svelte";

export type { Screen };

export type HelpModal = ModalBase & { kind: "help" };

/** Every modal, whichever screen opened it. */
export type Modal = HelpModal | RegisterModal | BackOfficeModal;

/** Screens only a manager may open, and what the message bar says to anyone else. */
const MANAGER_ONLY: Partial<Record<Screen, MessageKey>> = {
  backoffice: "app.managerOnly.backoffice",
  audit: "app.managerOnly.audit",
  report: "app.managerOnly.report",
  record: "app.managerOnly.record",
};

export class AppState implements Shell {
  readonly api: Api;

  /** The last refusal, shown in the message bar until the next success. */
  error = $state.raw<ErrorBody | null>(null);
  notice = $state("");
  modal = $state<Modal | null>(null);
  screen = $state<Screen>("register");
  /** Whose records the orders, audit and report screens show. */
  scope = $state<Scope>("till");

  readonly session: SessionState;
  readonly register: RegisterState;
  readonly backoffice: BackOfficeState;
  readonly history: HistoryState;
  readonly records: RecordHistoryState;
  /** The hash the app last put in the address itself. */
  private routeWritten = "";
  /** High contrast, larger text and the language: this screen's preferences. */
  display = $state<DisplayPrefs>(loadDisplay());
  readonly orders: OrdersState;
  readonly audit: AuditState;
  readonly report: ReportState;
  readonly refunds: RefundState;
  readonly shopServer: ShopServerState;
  readonly drawer: DrawerState;

  /** Where Escape goes back to, most recent last. */
  private trail: Screen[] = [];
  /** Bumped at each sign-in: a late refusal of an earlier session's call does not end this one. */
  private signIns = 0;

  constructor(api: Api) {
    this.api = watchSession(api, { session: () => this.signIns, lost: (e) => this.sessionLost(e) });
    this.register = new RegisterState(this);
    this.session = new SessionState(this.api, () => this.register.pending > 0);
    this.backoffice = new BackOfficeState(this);
    this.history = new HistoryState(this);
    this.records = new RecordHistoryState(this);
    this.orders = new OrdersState(this);
    this.audit = new AuditState(this);
    this.report = new ReportState(this);
    this.refunds = new RefundState(this);
    this.shopServer = new ShopServerState(this);
    this.drawer = new DrawerState(this);
    // The first screen already speaks the chosen language.
    applyDisplay(this.display);
  }

  get staff(): StaffMember | null {
    return this.session.staff;
  }

  get isManager(): boolean {
    return this.session.isManager;
  }

  get shopConnected(): boolean {
    const state = this.session.sync?.state;
    return state !== undefined && state !== "off";
  }

  setScope(scope: Scope): void {
    if (scope === this.scope) return;
    this.scope = scope;
    this.reloadScoped();
  }

  shopUnavailable(_error: ErrorBody): void {
    this.scope = "till";
    this.notify(t("scope.unavailable"));
    this.reloadScoped();
  }

  /** The screen showing reads its records again, in the scope now chosen. */
  private reloadScoped(): void {
    if (this.screen === "orders") void this.orders.load(0);
    else if (this.screen === "audit") void this.audit.load();
    else if (this.screen === "report") void this.report.load();
  }

  // ── Start, sign in, sign out ────────────────────────────────────────────

  async start(): Promise<void> {
    applyDisplay(this.display);
    this.tellEngineLanguage();
    this.session.watchSync();
    void this.session.loadSettings();
    try {
      await this.session.loadIdentity();
      const staff = await this.api.currentStaff();
      if (staff) await this.signedIn(staff);
    } catch (e) {
      this.showError(toErrorBody(e));
    } finally {
      this.session.ready = true;
      // The status line (the chain as checked, the counts) comes after the first card, which never waits on it.
      void this.session.refreshStatus();
    }
  }

  async submitSetup(): Promise<void> {
    const staff = await this.session.submitSetup();
    if (staff) await this.signedIn(staff);
  }

  async submitSignIn(): Promise<void> {
    const staff = await this.session.submitSignIn();
    if (staff) await this.signedIn(staff);
  }

  private async signedIn(staff: StaffMember): Promise<void> {
    this.signIns++;
    this.session.staff = staff;
    this.session.bannerDismissed = false;
    this.screen = "register";
    this.trail = [];
    this.register.reset();
    this.modal = null;
    this.succeeded(t("app.signedIn", { name: staff.name }));
    this.register.focus();
    // Back to where the address said at sign-in (a reload, a link, a session
    // that ended), read now: by the time the settings are in, the person may
    // have moved on, and their own screen and modal win.
    const route = typeof location === "undefined" ? null : parseRoute(location.hash);
    const signIn = this.signIns;
    await Promise.allSettled([this.session.loadSettings(), this.register.loadFavourites()]);
    void this.register.refreshOpenCount();
    const untouched = this.signIns === signIn && this.staff === staff && this.screen === "register" && !this.modal;
    if (route && untouched) await this.applyRoute(route);
  }

  async signOut(): Promise<void> {
    await this.register.idle();
    try {
      await this.api.signOut();
    } catch (e) {
      this.showError(toErrorBody(e));
      return;
    }
    const name = this.staff?.name ?? "";
    this.signedOut();
    this.writeRoute(null);
    this.notice = name ? t("app.signedOut", { name }) : "";
    this.session.signin.error = null;
  }

  private signedOut(): void {
    this.session.staff = null;
    this.session.bannerDismissed = false;
    this.register.reset();
    this.history.reset();
    this.records.reset();
    this.modal = null;
    this.screen = "register";
    this.trail = [];
    this.error = null;
  }

  /**
   * A call was refused with `not_signed_in`: the session is gone. Back to the
   * sign-in card with the core's message; the address keeps the screen, so
   * signing in again returns to it.
   */
  sessionLost(error: ErrorBody): void {
    if (!this.staff) return;
    const name = this.staff.name;
    this.signedOut();
    this.session.signin.error = error;
    this.session.signin.busy = false;
    this.notice = t("app.sessionEnded", { name });
  }

  // ── The message bar ─────────────────────────────────────────────────────

  showError(error: ErrorBody): void {
    this.error = error;
    this.notice = "";
  }

  succeeded(notice = ""): void {
    this.error = null;
    this.notice = notice;
  }

  notify(notice: string): void {
    this.notice = notice;
  }

  clearError(): void {
    this.error = null;
  }

  // ── The modal ───────────────────────────────────────────────────────────

  openModal<M extends OpenModal>(modal: M): M {
    this.modal = modal as unknown as Modal;
    return this.modal as unknown as M;
  }

  closeModal(): void {
    this.modal = null;
  }

  /** Escape: close the modal (the register's may go back a step), else leave the screen. */
  escape(): void {
    const m = this.modal;
    if (!m) {
      if (this.screen !== "register") this.back();
      else this.register.escape();
      return;
    }
    if (m.busy || this.register.escapeModal(m)) return;
    this.modal = null;
    if (this.screen === "register") this.register.focus();
  }

  openHelp(): void {
    this.openModal<HelpModal>({ kind: "help", ...modalBase() });
  }

  // ── Keys ────────────────────────────────────────────────────────────────

  /** Runs an action from a key or a button: the register's own on the register, the app's anywhere. */
  act(action: Action): void {
    if (!this.staff || this.modal) return;
    switch (action) {
      case "backOffice":
        if (this.screen === "backoffice") this.showRegister();
        else this.go("backoffice");
        return;
      case "signOut":
        void this.signOut();
        return;
      case "help":
        this.openHelp();
        return;
    }
    if (this.screen === "register") this.register.act(action);
  }

  // ── Screens ─────────────────────────────────────────────────────────────

  showRegister(): void {
    const from = this.screen;
    this.go("register");
    if (from === "backoffice") void this.reloadCatalogHints();
  }

  /** Shows a screen; Escape comes back here. The register is home: going there forgets the way. */
  go(to: Screen): boolean {
    if (!this.staff) return false;
    const refusal = MANAGER_ONLY[to];
    if (refusal && !this.isManager) {
      this.showError({ code: "manager_only", message: t(refusal) });
      return false;
    }
    this.modal = null;
    if (to !== this.screen) {
      const i = this.trail.indexOf(to);
      if (i >= 0) this.trail.length = i;
      if (to === "register") this.trail = [];
      else this.trail.push(this.screen);
      this.enter(to);
    }
    return true;
  }

  /** Escape on a screen: back where it was opened from (the register when in doubt). */
  back(): void {
    const to = this.trail.pop() ?? "register";
    if (MANAGER_ONLY[to] && !this.isManager) {
      this.trail = [];
      this.enter("register");
      return;
    }
    this.enter(to);
  }

  private enter(to: Screen): void {
    if (this.screen === "history" && to !== "history") this.history.leave();
    if (this.screen === "record" && to !== "record") this.records.leave();
    if (this.screen === "refund" && to !== "refund") this.refunds.leave();
    if (this.screen === "drawer" && to !== "drawer") this.drawer.leave();
    this.screen = to;
    this.modal = null;
    if (this.error?.code === "manager_only") this.error = null;
    switch (to) {
      case "register":
        this.register.focus();
        break;
      case "backoffice":
        this.succeeded();
        void this.backoffice.show(this.backoffice.tab);
        break;
      case "orders":
        void this.orders.show();
        break;
      case "audit":
        void this.audit.show();
        break;
      case "report":
        void this.report.load();
        break;
      case "history":
      case "record":
      case "refund":
      case "drawer":
        break;
    }
    this.writeRoute(this.currentRoute());
  }

  private currentRoute(): Route | null {
    switch (this.screen) {
      case "history":
        return this.history.route();
      case "record":
        return this.records.route();
      case "orders":
      case "audit":
      case "report":
        return { screen: this.screen };
      default:
        return null;
    }
  }

  /** Puts the screen in the address (replacing, so moving along a timeline adds no history entries). */
  writeRoute(route: Route | null): void {
    if (typeof location === "undefined" || typeof window === "undefined") return;
    const hash = formatRoute(route);
    this.routeWritten = hash;
    if (location.hash === hash || (hash === "" && location.hash === "")) return;
    window.history.replaceState(window.history.state, "", hash || location.pathname + location.search);
  }

  /** The refund screen; with a sale's number, that sale's lines ready to pick. */
  async openRefund(orderId: number | null = null): Promise<void> {
    if (!this.go("refund")) return;
    if (orderId !== null) await this.refunds.findSale(String(orderId));
  }

  openExchange(orderId: number, reference: string): void {
    if (!this.go("refund")) return;
    this.refunds.startExchange(orderId, reference);
  }

  exchanged(done: Exchanged): void {
    this.succeeded(t("app.exchanged", { refund: done.refund.reference, order: done.order.reference }));
    this.back();
    this.register.exchanged(done.order);
  }

  /** Opens an order's timeline at a version (default: the latest), from the current screen. */
  async openTimeline(orderId: number, version: number | null = null, to: number | null = null, till: string | null = null): Promise<void> {
    if (!this.go("history")) return;
    await this.history.open(orderId, version, to, till);
    if (this.screen === "history") this.writeRoute(this.history.route());
  }

  /** Switches high contrast or larger text, kept for this screen. */
  setDisplay(change: Partial<DisplayPrefs>): void {
    const before = this.display.language;
    this.display = { ...this.display, ...change };
    applyDisplay(this.display);
    saveDisplay(this.display);
    if (this.display.language !== before) this.tellEngineLanguage();
  }

  /** Tells the web engine the screen's language, for what it writes itself (date fields). */
  private tellEngineLanguage(): void {
    // Only the date fields' format hangs on it: a refusal leaves them as they were.
    this.api.screenLanguage({ language: this.display.language }).catch(() => undefined);
  }

  /** Opens a back-office record's timeline at a version (default: the latest), from the current screen. */
  async openRecord(key: RecordKey, version: number | null = null): Promise<void> {
    if (!this.go("record")) return;
    await this.records.open(key, version);
    if (this.screen === "record") this.writeRoute(this.records.route());
  }

  /** The events behind a figure of the day report: the audit trail at these kinds on `date` (by one person). */
  openAuditOf(kinds: AuditKind[], date: string, staff: number | null = null): void {
    const a = this.audit;
    a.kinds = kinds;
    a.from = date;
    a.to = date;
    a.staffId = staff === null ? "" : String(staff);
    a.minAmount = "";
    a.index = 0;
    if (this.screen === "audit") void a.load();
    else this.go("audit");
  }

  /** The orders behind a figure of the day report: those of `date` in `status` (of one cashier). */
  openOrdersOf(status: OrderStatus, date: string, cashier: number | null = null): void {
    const o = this.orders;
    o.number = "";
    o.minTotal = "";
    o.page = 0;
    o.status = status;
    o.from = date;
    o.to = date;
    o.cashier = cashier === null ? "" : String(cashier);
    if (this.screen === "orders") void o.load(0);
    else this.go("orders");
  }

  /** The History key: the order on the register, else the last sale, else the last timeline; otherwise the orders browser. */
  openHistory(): void {
    if (this.screen === "history") return;
    const own = this.register.order?.id ?? this.register.lastSale?.id;
    if (own !== undefined) {
      void this.openTimeline(own);
      return;
    }
    if (this.history.orderId !== null) {
      void this.openTimeline(this.history.orderId, null, null, this.history.till);
      return;
    }
    if (this.go("orders")) this.notice = t("app.pickOrder");
  }

  /**
   * The address changed. What the app wrote itself is where it already is:
   * browsers send no hashchange for replaceState, but not every environment
   * keeps to that, and a late one would pull the screen back to a place it left.
   */
  hashChanged(): void {
    if (typeof location === "undefined" || location.hash === this.routeWritten) return;
    void this.applyRoute(parseRoute(location.hash));
  }

  /** The address changed (a link, the back button, a reload): show what it names. */
  async applyRoute(route: Route | null): Promise<void> {
    if (!this.staff || !route) return;
    if (route.screen === "record") {
      const r = this.records;
      if (this.screen === "record" && sameRecord(r.key, route.key) && r.count > 0) {
        if (route.version !== null) r.select(route.version);
        return;
      }
      await this.openRecord(route.key, route.version);
      return;
    }
    if (route.screen !== "order") {
      this.go(route.screen);
      return;
    }
    const h = this.history;
    if (this.screen === "history" && h.orderId === route.orderId && h.till === route.till && h.count > 0) {
      if (route.version === null) return;
      h.select(route.version);
      if (route.to !== null) h.extendTo(route.to);
      return;
    }
    await this.openTimeline(route.orderId, route.version, route.to, route.till);
  }

  showReceipt(orderId: number): Promise<void> {
    return this.register.showReceipt(orderId);
  }

  voidOrder(orderId: number): Promise<void> {
    return this.register.openVoidFor(orderId);
  }

  orderChanged(orderId: number): void {
    if (this.screen === "orders") void this.orders.load(this.orders.page);
    if (this.screen === "history" && this.history.orderId === orderId && this.history.till === null) void this.history.open(orderId);
  }

  // ── The shop and the database ───────────────────────────────────────────

  settingsSaved(settings: Settings): void {
    this.session.settings = settings;
    setMinorUnit(settings.minorUnit);
    setTimeZone(settings.timeZone);
  }

  dataChanged(): void {
    this.session.scheduleStatus();
  }

  chainChecked(report: VerifyReport): void {
    this.session.chain = report;
  }

  /** After back office changes: favourites, settings and the status line may have changed. */
  private async reloadCatalogHints(): Promise<void> {
    if (!this.staff) return;
    await Promise.allSettled([this.session.loadSettings(), this.register.loadFavourites()]);
    this.dataChanged();
  }
}
