// Screens to look at in a browser on the fake backend: ?demo=register,
// tender, receipt, discount, manager, void, orders, search, help, quantity,
// remove, backoffice, staff, settings, import, product, signin-error, and
// timeline, timeline-long (an order of 1,000 events), compare, browser,
// audit, integrity (a broken event chain), report, backup.
// Only reached when the fake backend is active.

import type { Credentials } from "./backend";
import type { OrderRequest } from "./bindings/OrderRequest";
import type { OrderView } from "./bindings/OrderView";
import type { FakeBackend } from "./fakeBackend";
import type { AppState } from "./app.svelte";

const settle = () => new Promise((r) => setTimeout(r, 80));

const MANAGER: Credentials = { code: "9001", pin: "9999" };

/** Ids of the demo day's orders, in the order seedDemoDay makes them. */
export const DEMO = { paid: 1, discounted: 2, approved: 3, voided: 4, byManager: 5, long: 6, parked: 7 } as const;

/** The number of events in the long demo order. */
export const LONG_EVENTS = 1000;

/**
 * A day of trading on the fake, written straight into it (no delay): plain
 * sales, removed lines, discounts with and without a manager, a void, a long
 * order of LONG_EVENTS events and a parked order.
 */
export function seedDemoDay(fake: FakeBackend): void {
  const saved = fake.signedIn;
  const as = (code: string) => (fake.signedIn = fake.staff.find((s) => s.code === code)!);
  let n = 0;
  type Step = OrderRequest | [OrderRequest, Credentials] | ((now: OrderView) => OrderRequest);
  const order = (code: string, requests: Step[]) => {
    as(code);
    let view = fake.open(`demo-open-${++n}`).order;
    for (const [i, r] of requests.entries()) {
      const [request, approval] = typeof r === "function" ? [r(view), null] : Array.isArray(r) ? r : [r, null];
      view = fake.execute(view.id, `demo-${n}-${i}`, request, approval).order;
    }
    const id = view.id;
    fake.advance(23 * 60_000);
    return id;
  };
  const add = (code: string, quantity = 1): OrderRequest => ({ type: "addItem", code, quantity });
  order("1001", [add("COF-ESP", 2), add("BAK-CRO"), { type: "confirmOrder", cash: "10", card: "" }]);
  order("1001", [
    add("COF-CAP"),
    add("BAK-PAI", 2),
    add("DAI-MLK"),
    add("BRD-SOU"),
    { type: "removeLine", line: 3, reason: "Customer changed mind" },
    { type: "applyDiscount", scope: { type: "order" }, kind: "percent", value: "5", reason: "Loyal customer" },
    add("SNK-CHO", 3),
    { type: "changeQuantity", line: 5, quantity: 2 },
    (v) => ({ type: "confirmOrder", cash: "", card: v.totals.total }),
  ]);
  order("1001", [
    add("PAN-OIL", 2),
    add("HOU-BAT"),
    [{ type: "applyDiscount", scope: { type: "line", line: 1 }, kind: "percent", value: "25", reason: "Damaged packaging" }, MANAGER],
    add("DRK-WAT", 4),
    { type: "changeQuantity", line: 3, quantity: 2 },
    { type: "confirmOrder", cash: "20", card: "" },
  ]);
  order("1001", [add("COF-LAT"), add("BAK-MUF"), { type: "confirmOrder", cash: "", card: "5.70" }, [{ type: "voidOrder", reason: "Payment failed" }, MANAGER]]);
  order("9001", [
    add("TEA-ENG", 2),
    add("FRU-BAN"),
    add("DAI-CHE"),
    { type: "removeLine", line: 2, reason: "Wrong item" },
    [{ type: "applyDiscount", scope: { type: "order" }, kind: "amount", value: "1", reason: "Price match" }, MANAGER],
    { type: "removeDiscount", discount: 1 },
    { type: "confirmOrder", cash: "5", card: "2.60" },
  ]);
  // A long order: LONG_EVENTS events, mostly items, with the odd change of mind.
  as("1001");
  const id = fake.open(`demo-open-${++n}`).order.id;
  const codes = fake.products_.map((p) => p.sku);
  let seed = 7;
  const rnd = (k: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % k;
  };
  let lines = 0;
  const live = new Set<number>();
  let discounts = 0;
  const open = new Set<number>();
  for (let i = 2; i < LONG_EVENTS; i++) {
    let request: OrderRequest;
    let approval: Credentials | null = null;
    const pick = () => [...live][rnd(live.size)]!;
    if (i % 41 === 0 && live.size > 2) request = { type: "changeQuantity", line: pick(), quantity: 1 + rnd(4) };
    else if (i % 97 === 0 && live.size > 2) request = { type: "removeLine", line: pick(), reason: ["Damaged", "Wrong item", "Customer changed mind"][rnd(3)]! };
    else if (i % 151 === 0 && live.size > 2) {
      request = { type: "applyDiscount", scope: { type: "line", line: pick() }, kind: "percent", value: "10", reason: "Damaged packaging" };
    } else if (i % 233 === 0 && open.size > 0) request = { type: "removeDiscount", discount: [...open][0]! };
    else if (i === 500) {
      request = { type: "applyDiscount", scope: { type: "order" }, kind: "percent", value: "15", reason: "Staff discount" };
      approval = MANAGER;
    } else request = { type: "addItem", code: codes[rnd(codes.length)]!, quantity: 1 + (rnd(5) === 0 ? rnd(3) : 0) };
    try {
      fake.run(id, `demo-long-${i}`, request, approval);
      if (request.type === "addItem") live.add(++lines);
      if (request.type === "removeLine") live.delete(request.line);
      if (request.type === "applyDiscount") open.add(++discounts);
      if (request.type === "removeDiscount") open.delete(request.discount);
    } catch {
      // A "change" to the same quantity is refused: ring up a bag instead.
      fake.run(id, `demo-long-${i}-item`, { type: "addItem", code: "BAG-REU", quantity: 1 }, null);
      live.add(++lines);
    }
    fake.advance(9_000);
  }
  fake.execute(id, "demo-long-pay", { type: "confirmOrder", cash: "", card: fake.viewOf(id).totals.total }, null);
  fake.advance(15 * 60_000);
  order("1001", [add("COF-ESP"), add("BAK-CRO", 2)]);
  fake.signedIn = saved;
}

export async function runDemo(app: AppState, name: string): Promise<void> {
  const reg = app.register;
  await settle();
  const manager = ["backoffice", "staff", "settings", "import", "product", "timeline", "timeline-long", "compare", "browser", "audit", "integrity", "report", "backup"].includes(name);
  if (name === "signin-error") {
    app.session.signin.code = "1001";
    app.session.signin.pin = "0000";
    await app.submitSignIn();
    return;
  }
  app.session.signin.code = manager ? "9001" : "1001";
  app.session.signin.pin = manager ? "9999" : "1234";
  await app.submitSignIn();
  switch (name) {
    case "timeline":
      await app.openTimeline(DEMO.discounted, 7);
      return;
    case "timeline-long":
      await app.openTimeline(DEMO.long, 500);
      return;
    case "compare":
      await app.openTimeline(DEMO.discounted, 4, 9);
      return;
    case "browser":
      app.go("orders");
      return;
    case "audit":
      app.go("audit");
      return;
    case "integrity":
      app.go("audit");
      await settle();
      await app.audit.runVerify();
      return;
    case "report":
      app.go("report");
      return;
    case "backup":
      app.go("backoffice");
      await settle();
      await app.backoffice.backup();
      return;
  }
  if (manager) {
    app.go("backoffice");
    await settle();
    if (name === "staff") await app.backoffice.show("staff");
    if (name === "settings") await app.backoffice.show("settings");
    if (name === "import") await app.backoffice.pickImport();
    if (name === "product") app.backoffice.editProduct(app.backoffice.products[0]!);
    return;
  }
  await reg.addItem("2000000010007", 2);
  await reg.addItem("BAK-CRO", 1);
  await reg.addItem("DAI-MLK", 3);
  await reg.addItem("SNK-CHO", 1);
  await reg.addItem("BAG-REU", 1);
  if (name === "register") {
    await reg.addItem("NOPE-123", 1);
    reg.entry = "NOPE-123";
  }
  if (name === "remove") {
    reg.selectLine(2);
    reg.openRemoveLine();
    return;
  }
  if (name === "register") {
    reg.selectLine(2);
    reg.openRemoveLine();
    if (app.modal?.kind === "removeLine") app.modal.reason = "Damaged";
    await reg.submitRemoveLine();
    reg.selectLine(5);
  }
  if (name === "register") {
    reg.openDiscount();
    if (app.modal?.kind === "discount") {
      app.modal.value = "5";
      app.modal.reason = "Loyal customer";
    }
    await reg.submitDiscount();
    return;
  }
  if (name === "tender") {
    reg.openTender();
    if (app.modal?.kind === "tender") app.modal.cash = "20";
  }
  if (name === "receipt") {
    reg.openTender();
    if (app.modal?.kind === "tender") app.modal.cash = "20";
    await reg.submitTender();
  }
  if (name === "discount") reg.openDiscount();
  if (name === "manager") {
    reg.openDiscount();
    if (app.modal?.kind === "discount") {
      app.modal.value = "25";
      app.modal.reason = "Damaged packaging";
    }
    await reg.submitDiscount();
    if (app.modal?.kind === "manager") {
      app.modal.code = "9001";
      app.modal.pin = "1111";
      await reg.submitManager();
    }
  }
  if (name === "void") reg.openVoid();
  if (name === "orders") {
    await reg.newOrder();
    await reg.addItem("COF-CAP", 1);
    await reg.openOpenOrders();
  }
  if (name === "search") {
    reg.entry = "2*cho";
    reg.openSearch();
  }
  if (name === "help") app.act("help");
  if (name === "quantity") reg.openQuantity();
}
