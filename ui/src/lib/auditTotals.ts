// Totals of an audit trail per kind and per staff member, in integer cents.

import type { AuditEntry } from "../bindings/AuditEntry";
import type { AuditKind } from "../bindings/AuditKind";
import { AUDIT_KIND_ORDER } from "./kinds";
import { fromCents, toCents } from "./money";

export interface KindTotal {
  kind: AuditKind;
  count: number;
  cents: bigint;
  amount: string;
}

export interface StaffTotal {
  id: number;
  name: string;
  /** Changes this person made. */
  count: number;
  cents: bigint;
  amount: string;
  /** Changes this person authorised (as the manager). */
  authorised: number;
  authorisedCents: bigint;
  authorisedAmount: string;
}

export interface AuditTotals {
  count: number;
  amount: string;
  byKind: KindTotal[];
  /** Most amount first (then most changes, then name). */
  byStaff: StaffTotal[];
}

export function auditTotals(entries: readonly AuditEntry[]): AuditTotals {
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
    const cents = toCents(e.amount) ?? 0n;
    all += cents;
    const k = kinds.get(e.kind) ?? { count: 0, cents: 0n };
    k.count++;
    k.cents += cents;
    kinds.set(e.kind, k);
    const actor = person(e.actor, e.actorName);
    actor.count++;
    actor.cents += cents;
    if (e.authorisedBy !== null) {
      const m = person(e.authorisedBy, e.authorisedByName ?? "");
      m.authorised++;
      m.authorisedCents += cents;
    }
  }
  const known = new Set<AuditKind>(AUDIT_KIND_ORDER);
  const order = [...AUDIT_KIND_ORDER, ...[...kinds.keys()].filter((k) => !known.has(k))];
  const byKind = order
    .filter((kind) => kinds.has(kind))
    .map((kind) => {
      const k = kinds.get(kind)!;
      return { kind, count: k.count, cents: k.cents, amount: fromCents(k.cents) };
    });
  const byStaff = [...staff.entries()]
    .map(([id, s]) => ({
      id,
      name: s.name || `#${id}`,
      count: s.count,
      cents: s.cents,
      amount: fromCents(s.cents),
      authorised: s.authorised,
      authorisedCents: s.authorisedCents,
      authorisedAmount: fromCents(s.authorisedCents),
    }))
    .sort((a, b) => (b.cents > a.cents ? 1 : b.cents < a.cents ? -1 : b.count - a.count || a.name.localeCompare(b.name)));
  return { count: entries.length, amount: fromCents(all), byKind, byStaff };
}

/** A bar's length as a share of the largest, 0 … 1 (0 when everything is zero). */
export function barShare(value: bigint, max: bigint): number {
  if (max <= 0n || value <= 0n) return 0;
  return Number((value * 10000n) / max) / 10000;
}
