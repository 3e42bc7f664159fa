import type { AppStatus } from "../bindings/AppStatus";
import type { SyncStatus } from "../bindings/SyncStatus";
import { formatTime, plural } from "./format";

/** The footer's status line: "Connected · 36 products · 1 order". */
export function describeStatus(s: AppStatus): string {
  const chain = s.chainOk ? "" : " · event chain broken";
  return `Connected · ${plural(s.products, "product")} · ${plural(s.orders, "order")}${chain}`;
}

/** The footer's word on the shop server, as the core's outbox reports it; null for a till not enrolled. */
export function describeSync(s: SyncStatus): string | null {
  const waiting = plural(Number(s.waiting), "event") + " waiting";
  switch (s.state) {
    case "off":
      return null;
    case "starting":
      return "Shop server: connecting…";
    case "synced":
      return Number(s.waiting) > 0 ? waiting : `Synced ${formatTime(s.lastSyncedAt)}`;
    case "unreachable":
      return `Shop server unreachable since ${formatTime(s.failingSince)} · ${waiting}`;
    case "refused":
      return `Shop server refused (${s.problem?.code ?? "?"}) · ${waiting}`;
  }
}
