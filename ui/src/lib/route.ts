// The screen and order version in the URL hash, so a manager can come back to
// exactly what they were looking at: "#/order/12/v/5", "#/order/12/v/3..9"
// (two versions compared), "#/orders", "#/audit", "#/report".

export type Route =
  | { screen: "order"; orderId: number; version: number | null; to: number | null }
  | { screen: "orders" }
  | { screen: "audit" }
  | { screen: "report" };

const positive = (s: string | undefined): number | null => {
  if (s === undefined || !/^\d{1,15}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && Number.isSafeInteger(n) ? n : null;
};

/** The route in a location hash ("#/order/12/v/5"), or null when it names none. */
export function parseRoute(hash: string): Route | null {
  const path = hash.replace(/^#/, "").replace(/^\//, "").replace(/\/+$/, "");
  const parts = path.split("/").map((p) => decodeURIComponent(p));
  switch (parts[0]) {
    case "orders":
    case "audit":
    case "report":
      return parts.length === 1 ? { screen: parts[0] } : null;
    case "order": {
      const orderId = positive(parts[1]);
      if (orderId === null) return null;
      if (parts.length === 2) return { screen: "order", orderId, version: null, to: null };
      if (parts.length !== 4 || parts[2] !== "v") return null;
      const [a, b, ...rest] = parts[3]!.split("..");
      const version = positive(a);
      if (version === null || rest.length > 0) return null;
      if (b === undefined) return { screen: "order", orderId, version, to: null };
      const to = positive(b);
      return to === null ? null : { screen: "order", orderId, version, to };
    }
    default:
      return null;
  }
}

/** The hash for a route ("" for none: the register). */
export function formatRoute(route: Route | null): string {
  if (!route) return "";
  if (route.screen !== "order") return `#/${route.screen}`;
  if (route.version === null) return `#/order/${route.orderId}`;
  const to = route.to !== null && route.to !== route.version ? `..${route.to}` : "";
  return `#/order/${route.orderId}/v/${route.version}${to}`;
}
