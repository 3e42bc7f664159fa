import type { AppStatus } from "../bindings/AppStatus";
import { plural } from "./format";

/** The footer's status line: "Connected · 36 products · 1 order". */
export function describeStatus(s: AppStatus): string {
  const chain = s.chainOk ? "" : " · event chain broken";
  return `Connected · ${plural(s.products, "product")} · ${plural(s.orders, "order")}${chain}`;
}
