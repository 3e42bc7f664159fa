import type { AppStatus } from "../bindings/AppStatus";
import type { SyncStatus } from "../bindings/SyncStatus";
import { formatTime } from "./format";
import { t, tn } from "./i18n/locale.svelte";

/** The footer's status line: "Connected · 36 products · 1 order". */
export function describeStatus(s: AppStatus): string {
  const chain = s.chainOk ? "" : t("status.chainBroken");
  return t("status.connected", { products: tn("status.products", s.products), orders: tn("status.orders", s.orders), chain });
}

/** The footer's word on the shop server, as the core's outbox reports it; null for a till not enrolled. */
export function describeSync(s: SyncStatus): string | null {
  const waiting = tn("sync.waiting", Number(s.waiting));
  switch (s.state) {
    case "off":
      return null;
    case "starting":
      return t("sync.connecting");
    case "synced":
      return Number(s.waiting) > 0 ? waiting : t("sync.synced", { time: formatTime(s.lastSyncedAt) });
    case "unreachable":
      return t("sync.unreachable", { time: formatTime(s.failingSince), waiting });
    case "refused":
      return t("sync.refused", { code: s.problem?.code ?? "?", waiting });
  }
}
