// The screen and order version in the URL hash, so a manager can come back to
// exactly what they were looking at: "#/order/12/v/5", "#/order/12/v/3..9"
// (two versions compared), another till's order "#/till/T2/order/12/v/5",
// "#/orders", "#/audit", "#/report", and a
// back-office record's timeline: "#/product/COF-ESP/v/2", "#/shop/v/4",
// "#/staff/3/v/1".

import type { RecordKey } from "../bindings/RecordKey";

export type Route =
  | { screen: "order"; orderId: number; version: number | null; to: number | null; till: string | null }
  | { screen: "record"; key: RecordKey; version: number | null }
  | { screen: "orders" }
  | { screen: "audit" }
  | { screen: "report" };

const positive = (s: string | undefined): number | null => {
  if (s === undefined || !/^\d{1,15}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && Number.isSafeInteger(n) ? n : null;
};

/** A record's route from the parts after its key: none, or "v", version. */
function recordRoute(key: RecordKey, rest: string[]): Route | null {
  if (rest.length === 0) return { screen: "record", key, version: null };
  if (rest.length !== 2 || rest[0] !== "v") return null;
  const version = positive(rest[1]);
  return version === null ? null : { screen: "record", key, version };
}

/** A till's id as the core gives it: upper case letters, digits and dashes. */
const TILL_ID = /^[A-Z0-9-]{1,8}$/;

/** The route in a location hash ("#/order/12/v/5"), or null when it names none. */
export function parseRoute(hash: string): Route | null {
  const path = hash.replace(/^#/, "").replace(/^\//, "").replace(/\/+$/, "");
  const parts = path.split("/").map((p) => decodeURIComponent(p));
  if (parts[0] === "till") {
    const till = parts[1] ?? "";
    const route = parts[2] === "order" && TILL_ID.test(till) ? parseRoute(`#/${parts.slice(2).join("/")}`) : null;
    return route?.screen === "order" ? { ...route, till } : null;
  }
  switch (parts[0]) {
    case "orders":
    case "audit":
    case "report":
      return parts.length === 1 ? { screen: parts[0] } : null;
    case "product":
      return parts[1] ? recordRoute({ type: "product", sku: parts[1] }, parts.slice(2)) : null;
    case "shop":
      return recordRoute({ type: "shop" }, parts.slice(1));
    case "staff": {
      const id = positive(parts[1]);
      return id === null ? null : recordRoute({ type: "staff", id }, parts.slice(2));
    }
    case "refund":
    case "shift":
    case "close": {
      const number = positive(parts[1]);
      return number === null ? null : recordRoute({ type: parts[0], number }, parts.slice(2));
    }
    case "order": {
      const orderId = positive(parts[1]);
      if (orderId === null) return null;
      if (parts.length === 2) return { screen: "order", orderId, version: null, to: null, till: null };
      if (parts.length !== 4 || parts[2] !== "v") return null;
      const [a, b, ...rest] = parts[3]!.split("..");
      const version = positive(a);
      if (version === null || rest.length > 0) return null;
      if (b === undefined) return { screen: "order", orderId, version, to: null, till: null };
      const to = positive(b);
      return to === null ? null : { screen: "order", orderId, version, to, till: null };
    }
    default:
      return null;
  }
}

/** The hash for a route ("" for none: the register). */
export function formatRoute(route: Route | null): string {
  if (!route) return "";
  if (route.screen === "record") {
    const k = route.key;
    const base =
      k.type === "product" ? `#/product/${encodeURIComponent(k.sku)}` : k.type === "staff" ? `#/staff/${k.id}` : k.type === "refund" ? `#/refund/${k.number}` : k.type === "shift" ? `#/shift/${k.number}` : k.type === "close" ? `#/close/${k.number}` : "#/shop";
    return route.version === null ? base : `${base}/v/${route.version}`;
  }
  if (route.screen !== "order") return `#/${route.screen}`;
  const till = route.till === null ? "" : `/till/${encodeURIComponent(route.till)}`;
  if (route.version === null) return `#${till}/order/${route.orderId}`;
  const to = route.to !== null && route.to !== route.version ? `..${route.to}` : "";
  return `#${till}/order/${route.orderId}/v/${route.version}${to}`;
}
