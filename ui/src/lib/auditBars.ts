// The audit screen's bar charts: the core's totals per kind and per staff
// member (`auditTotals`), drawn as bars scaled to the largest. Display only:
// every count and amount shown is the core's.

import type { AuditKind } from "../bindings/AuditKind";
import type { AuditTotals } from "../bindings/AuditTotals";
import { toCents } from "./money";
import { t } from "./i18n/locale.svelte";

const cents = (amount: string): bigint => toCents(amount) ?? 0n;

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
    key: `${s.staff}/${s.name}`,
    label: s.name,
    share: shares[i]!,
    value: money(s.amount),
    note: ` · ${s.count}×`,
    sub: s.authorised ? t("audit.authorised", { count: s.authorised, amount: money(s.authorisedAmount) }) : undefined,
    colour: "#475569",
  }));
}
