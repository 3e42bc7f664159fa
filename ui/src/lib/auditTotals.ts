// The audit trail's totals per kind and per staff member. The screen shows
// the core's (`auditTotals`, counted by the database over the whole filtered
// range); `totalsOf` works them out from entries the same way, in integer
// cents, for the stand-in backend.

import type { AuditEntry } from "../bindings/AuditEntry";
import type { AuditKind } from "../bindings/AuditKind";
import type { AuditStaffTotal } from "../bindings/AuditStaffTotal";
import type { AuditTotals } from "../bindings/AuditTotals";
import { AUDIT_KIND_ORDER } from "./kinds";
import { fromCents, toCents } from "./money";

const cents = (amount: string): bigint => toCents(amount) ?? 0n;

/** Totals of `entries`, shaped and ordered as the core's. */
export function totalsOf(entries: readonly AuditEntry[]): AuditTotals {
  const kinds = new Map<AuditKind, { count: number; cents: bigint }>();
  const staff = new Map<number, { name: string; count: number; cents: bigint; authorised: number; authorisedCents: bigint }>();
  const person = (id: number, name: string) => {
    let s = staff.get(id);
    if (!s) staff.set(id, (s = { name, count: 0, cents: 0n, authorised: 0, authorisedCents: 0n }));
    if (!s.name && name) s.name = name;
    return s;
  };
  let all = 0n;
  for (const e of entries) {
    const c = cents(e.amount);
    all += c;
    const k = kinds.get(e.kind) ?? { count: 0, cents: 0n };
    k.count++;
    k.cents += c;
    kinds.set(e.kind, k);
    const actor = person(e.actor, e.actorName);
    actor.count++;
    actor.cents += c;
    if (e.authorisedBy !== null) {
      const m = person(e.authorisedBy, e.authorisedByName ?? "");
      m.authorised++;
      m.authorisedCents += c;
    }
  }
  const byKind = AUDIT_KIND_ORDER.filter((kind) => kinds.has(kind)).map((kind) => {
    const k = kinds.get(kind)!;
    return { kind, count: k.count, amount: fromCents(k.cents) };
  });
  const byStaff = [...staff.entries()]
    .map(([id, s]) => ({ ...s, id }))
    .sort((a, b) => (b.cents > a.cents ? 1 : b.cents < a.cents ? -1 : b.count - a.count || a.name.toLowerCase().localeCompare(b.name.toLowerCase())))
    .map(
      (s): AuditStaffTotal => ({
        staff: s.id,
        name: s.name || `#${s.id}`,
        count: s.count,
        amount: fromCents(s.cents),
        authorised: s.authorised,
        authorisedAmount: fromCents(s.authorisedCents),
      }),
    );
  return { count: entries.length, amount: fromCents(all), byKind, byStaff };
}

export interface BarRow {
  key: string;
  label: string;
  share: number;
  value: string;
  note?: string;
  sub?: string;
  colour: string;
}

/** A bar's length as a share of the largest, 0 … 1 (0 when everything is zero). */
export function barShare(value: bigint, max: bigint): number {
  if (max <= 0n || value <= 0n) return 0;
  return Number((value * 10000n) / max) / 10000;
}

/** Bars scaled by amount; when every amount is zero (only lockouts, say), by count instead. */
function scaled<T>(items: readonly T[], amount: (t: T) => string, count: (t: T) => number): number[] {
  const values = items.map((t) => cents(amount(t)));
  const max = values.reduce((m, v) => (v > m ? v : m), 0n);
  if (max > 0n) return values.map((v) => barShare(v, max));
  const most = items.reduce((m, t) => Math.max(m, count(t)), 0);
  return items.map((t) => (most > 0 ? count(t) / most : 0));
}

export function kindBars(totals: AuditTotals, style: (kind: AuditKind) => { label: string; colour: string }, money: (amount: string) => string): BarRow[] {
  const shares = scaled(totals.byKind, (k) => k.amount, (k) => k.count);
  return totals.byKind.map((k, i) => ({
    key: k.kind,
    label: style(k.kind).label,
    share: shares[i]!,
    value: money(k.amount),
    note: ` · ${k.count}×`,
    colour: style(k.kind).colour,
  }));
}

export function staffBars(totals: AuditTotals, money: (amount: string) => string): BarRow[] {
  const shares = scaled(totals.byStaff, (s) => s.amount, (s) => s.count);
  return totals.byStaff.map((s, i) => ({
    key: String(s.staff),
    label: s.name,
    share: shares[i]!,
    value: money(s.amount),
    note: ` · ${s.count}×`,
    sub: s.authorised ? `authorised ${s.authorised}× for ${money(s.authorisedAmount)}` : undefined,
    colour: "#475569",
  }));
}
