// Command ids: one fresh UUID v4 per user action. Built from
// crypto.getRandomValues because crypto.randomUUID is missing in some webviews.

export type RandomFill = (bytes: Uint8Array) => Uint8Array;

const fillFromCrypto: RandomFill = (bytes) => crypto.getRandomValues(bytes);

export function newCommandId(fill: RandomFill = fillFromCrypto): string {
  const b = fill(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
