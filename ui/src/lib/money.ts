// Money crosses from the core as decimal strings ("12.50"). The UI never
// computes with floats: for display hints (quick-cash buttons, a change
// preview while typing) it converts to integer cents by string parsing.

const AMOUNT = /^\s*([+-])?(\d*)(?:\.(\d*))?\s*$/;

/** Integer cents of a decimal string, or null when it is not a plain amount with at most two (significant) decimals. */
export function toCents(text: string): bigint | null {
  const m = AMOUNT.exec(text);
  if (!m) return null;
  const [, sign, whole = "", frac = ""] = m;
  if (whole === "" && frac === "") return null;
  if (frac.length > 2 && /[^0]/.test(frac.slice(2))) return null;
  const cents = BigInt(whole || "0") * 100n + BigInt((frac + "00").slice(0, 2));
  return sign === "-" ? -cents : cents;
}

/** "1234" cents → "12.34". */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** An amount from the core with exactly two decimals; anything unreadable is shown as it came. */
export function formatMoney(text: string): string {
  const cents = toCents(text);
  return cents === null ? text : fromCents(cents);
}

/** True when the amount is zero (or unreadable, which shows nothing to take off). */
export function isZero(text: string): boolean {
  const cents = toCents(text);
  return cents === null || cents === 0n;
}

/** A tax or discount rate for people: "20.00" → "20%", "5.5" → "5.5%". */
export function formatRate(text: string): string {
  const m = /^\s*(\d+)(?:\.(\d*?)0*)?\s*$/.exec(text);
  if (!m) return `${text}%`;
  return m[2] ? `${m[1]}.${m[2]}%` : `${m[1]}%`;
}

export interface QuickCash {
  label: string;
  amount: string;
  exact: boolean;
}

const NOTES = [5n, 10n, 20n, 50n, 100n].map((n) => n * 100n);

/**
 * Quick-cash buttons for a total: the exact amount, then the next notes up
 * (5, 10, 20, 50, 100), then round hundreds for larger totals. At most five.
 */
export function quickCash(total: string): QuickCash[] {
  const due = toCents(total);
  if (due === null || due <= 0n) return [];
  const out: QuickCash[] = [{ label: "Exact", amount: fromCents(due), exact: true }];
  const seen = new Set<bigint>([due]);
  const add = (cents: bigint) => {
    if (cents > due && !seen.has(cents) && out.length < 5) {
      seen.add(cents);
      out.push({ label: (cents / 100n).toString(), amount: fromCents(cents), exact: false });
    }
  };
  for (const note of NOTES) add(note);
  if (due >= 10000n) {
    for (const step of [5000n, 10000n, 50000n]) add((due / step + 1n) * step);
  }
  return out;
}

export interface TenderPreview {
  /** What the cashier hands back, when the tender covers the total. */
  change: string;
  /** What is still missing, when it does not. */
  remaining: string;
  /** The tender covers the total (as far as the UI can tell; the core decides). */
  covered: boolean;
  /** Card alone is more than the total: the core gives change only from cash. */
  cardTooMuch: boolean;
  /** One of the typed amounts is not a plain amount. */
  unreadable: boolean;
}

/** Change preview while typing; empty fields count as zero. */
export function previewTender(total: string, cash: string, card: string): TenderPreview {
  const due = toCents(total) ?? 0n;
  const c = cash.trim() === "" ? 0n : toCents(cash);
  const k = card.trim() === "" ? 0n : toCents(card);
  if (c === null || k === null) {
    return { change: "0.00", remaining: fromCents(due), covered: false, cardTooMuch: false, unreadable: true };
  }
  const tendered = c + k;
  const covered = tendered >= due;
  return {
    change: fromCents(covered ? tendered - due : 0n),
    remaining: fromCents(covered ? 0n : due - tendered),
    covered,
    cardTooMuch: k > due,
    unreadable: false,
  };
}

/** What is left for the card after the cash part of a split payment ("" when cash covers it all). */
export function cardRemainder(total: string, cash: string): string {
  const due = toCents(total);
  const c = cash.trim() === "" ? 0n : toCents(cash);
  if (due === null || c === null) return "";
  return c >= due ? "" : fromCents(due - c);
}
