// Who is at the till: the sign-in card, the staff member signed in, the
// shop's settings, and the footer's status line with the event chain as last
// checked. The app (app.svelte.ts) runs signing in and out, which every
// screen follows; this holds what they share.

import type { Api } from "./bindings/api";
import type { ErrorBody } from "./bindings/ErrorBody";
import type { SetupInput } from "./bindings/SetupInput";
import type { Settings } from "./bindings/Settings";
import type { StaffMember } from "./bindings/StaffMember";
import type { VerifyReport } from "./bindings/VerifyReport";
import { errorText, toErrorBody } from "./lib/errors";
import type { SyncStatus } from "./bindings/SyncStatus";
import { describeStatus } from "./lib/status";
import { t } from "./lib/i18n/locale.svelte";
import { setMinorUnit } from "./lib/money";
import { setTimeZone } from "./lib/zone";

/** How often the footer asks where the shop server stands. */
const SYNC_POLL_MS = 5000;
/** How soon the status is asked again while the whole event chain is still being walked in the background. */
const CHAIN_RECHECK_MS = 2000;

export class SessionState {
  /** The footer's status line, worded when shown (so it follows the language). */
  private statusLine = $state.raw<() => string>(() => t("status.connecting"));
  get status(): string {
    return this.statusLine();
  }
  /** The first currentStaff() has answered. */
  ready = $state(false);
  staff = $state.raw<StaffMember | null>(null);
  settings = $state.raw<Settings | null>(null);
  /** A new database without staff: the setup card comes instead of the sign-in card. */
  needsSetup = $state(false);
  /** This till's id, on every event and report. */
  tillId = $state("");
  /** The setup card, as typed. */
  setup = $state({
    form: {
      shopName: "",
      currency: "EUR",
      tillId: "",
      managerName: "",
      managerCode: "",
      managerPin: "",
      managerPinAgain: "",
      cashCoin: "",
      timeZone: "",
      /** Set to the screen's language when the setup card shows. */
      language: "en",
    } satisfies SetupInput as SetupInput,
    busy: false,
    error: null as ErrorBody | null,
  });
  /** The sign-in card. */
  signin = $state({ code: "", pin: "", busy: false, error: null as ErrorBody | null });
  /** The event chain as last checked (appStatus at start and when idle, or the audit screen's check). */
  chain = $state.raw<VerifyReport | null>(null);
  /** The broken-chain banner was dismissed (until the next sign-in). */
  bannerDismissed = $state(false);

  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  /** The shop server as the core's outbox last reported it (null: not asked yet). */
  sync = $state.raw<SyncStatus | null>(null);
  private syncTimer: ReturnType<typeof setInterval> | undefined;

  /** `busy`: commands are queued or in flight (the status line waits until they are done). */
  constructor(
    private readonly api: Api,
    private readonly busy: () => boolean,
  ) {}

  get isManager(): boolean {
    return this.staff?.role === "manager";
  }

  get currency(): string {
    return this.settings?.currency ?? "";
  }

  get chainBroken(): boolean {
    return this.chain !== null && !this.chain.intact;
  }

  async refreshStatus(): Promise<void> {
    try {
      const s = await this.api.appStatus();
      this.statusLine = () => describeStatus(s);
      this.chain = s.chainOk ? s.chain : { ...s.chain, intact: false };
      // Only the newest events were walked yet; the whole walk answers soon.
      if (s.chain.intact && s.chain.from > 1) this.scheduleStatus(CHAIN_RECHECK_MS);
    } catch (e) {
      const err = toErrorBody(e);
      this.statusLine = () => t("status.notConnected", { code: err.code, message: errorText(err) });
    }
  }

  /** Asks the core's outbox where the shop server stands, now and every few seconds while someone is signed in. */
  watchSync(): void {
    clearInterval(this.syncTimer);
    void this.refreshSync();
    this.syncTimer = setInterval(() => void this.refreshSync(), SYNC_POLL_MS);
  }

  async refreshSync(): Promise<void> {
    if (!this.staff) return;
    try {
      this.sync = await this.api.syncStatus();
    } catch {
      // The status line says when the core cannot be reached.
    }
  }

  /** The status line re-reads the database when the till is idle (it verifies the event chain, which takes a moment). */
  scheduleStatus(afterMs = 1000): void {
    clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => {
      if (!this.busy()) void this.refreshStatus();
      else this.scheduleStatus();
    }, afterMs);
  }

  /** The shop's settings (kept as they were when they cannot be read). */
  async loadSettings(): Promise<void> {
    try {
      this.settings = await this.api.shopSettings();
      setMinorUnit(this.settings.minorUnit);
      setTimeZone(this.settings.timeZone);
    } catch {
      // The next action shows any real error.
    }
  }

  /** Which till this is, and whether the shop still needs its setup. */
  async loadIdentity(): Promise<void> {
    const identity = await this.api.tillIdentity();
    this.needsSetup = identity.needsSetup;
    this.tillId = identity.tillId;
    if (!this.setup.form.tillId) this.setup.form.tillId = identity.tillId;
  }

  /** The setup card's submit: the new manager, signed in, or null (the card shows why). */
  async submitSetup(): Promise<StaffMember | null> {
    const s = this.setup;
    if (s.busy) return null;
    s.busy = true;
    s.error = null;
    try {
      const staff = await this.api.setUpShop({ ...s.form });
      s.form.managerPin = "";
      s.form.managerPinAgain = "";
      await this.loadIdentity();
      return staff;
    } catch (e) {
      s.error = toErrorBody(e);
      if (s.error.code === "already_set_up") await this.loadIdentity().catch(() => undefined);
      return null;
    } finally {
      s.busy = false;
    }
  }

  /** The sign-in card's submit: who signed in, or null (the card shows why). */
  async submitSignIn(): Promise<StaffMember | null> {
    const s = this.signin;
    if (s.busy) return null;
    s.busy = true;
    s.error = null;
    try {
      const staff = await this.api.signIn({ code: s.code.trim(), pin: s.pin });
      s.code = "";
      s.pin = "";
      return staff;
    } catch (e) {
      s.error = toErrorBody(e);
      s.pin = "";
      return null;
    } finally {
      s.busy = false;
    }
  }
}
