// A till of the running `pos serve` (see posServe.ts), for the UI tests: a
// fresh temporary database with the demo shop, its commands called over HTTP
// exactly as the app calls them over IPC, and the test-only levers (damage an
// event on disk, move the clock on).

import { request } from "node:http";
import { inject } from "vitest";
import type { ErrorBody } from "../bindings/ErrorBody";

export interface TillOptions {
  /** Where the till's clock starts (RFC 3339; default 2025-06-02T09:00:00Z). */
  start?: string;
  /** Seconds the clock moves on per call (default 17). */
  step?: number;
  /** What the save dialogs answer: a path, or null (cancelled). */
  savePath?: string | null;
  /** The demo shop (default), or a new database that asks for its setup (false). */
  demo?: boolean;
}

export interface Refusal {
  code: string;
  message: string;
  /** The input field the refusal is about, when it is about one. */
  field?: string;
  /** The message's catalog key and params (`ErrorBody`). */
  key?: string;
  params?: ErrorBody["params"];
}

/** Sends JSON; resolves with the JSON answer, rejects with the server's `{ code, message }`. */
function post<T>(url: string, body: unknown, method: "POST" | "DELETE" = "POST"): Promise<T> {
  const data = Buffer.from(JSON.stringify(body ?? {}));
  return new Promise<T>((ok, fail) => {
    const req = request(url, { method, headers: { "content-type": "application/json", "content-length": data.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", fail);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let value: unknown;
        try {
          value = text === "" ? null : JSON.parse(text);
        } catch {
          value = { code: "unexpected", message: `${res.statusCode}: ${text}` };
        }
        if ((res.statusCode ?? 500) >= 400) {
          const v = value as Partial<Refusal> | null;
          const field = typeof v?.field === "string" ? { field: v.field } : {};
          const said = typeof v?.key === "string" ? { key: v.key, params: v.params ?? {} } : {};
          fail(typeof v?.code === "string" ? { code: v.code, message: String(v.message ?? ""), ...field, ...said } : { code: "unexpected", message: `${res.statusCode}: ${text}` });
        } else ok(value as T);
      });
    });
    req.on("error", fail);
    req.end(data);
  });
}

export class CoreTill {
  private constructor(
    private readonly base: string,
    readonly id: string,
  ) {}

  /** A new till on the server the global setup started. */
  static async create(options: TillOptions = {}): Promise<CoreTill> {
    const base = inject("posUrl");
    const { till } = await post<{ till: string }>(`${base}/tills`, options);
    return new CoreTill(base, till);
  }

  /** One command, by its snake_case name, with the app's camelCase arguments. */
  call<T>(command: string, args: Record<string, unknown> = {}): Promise<T> {
    return post<T>(`${this.base}/tills/${this.id}/call/${command}`, args);
  }

  /** Changes the event at `position` on disk behind the store's back (verify then names it). */
  tamper(position: number): Promise<unknown> {
    return post(`${this.base}/tills/${this.id}/tamper`, { position });
  }

  /** Deletes the till and its database: the server holds a bounded number at once. */
  close(): Promise<unknown> {
    return post(`${this.base}/tills/${this.id}`, null, "DELETE");
  }

  /** Moves the till's clock on. */
  advance(seconds: number): Promise<unknown> {
    return post(`${this.base}/tills/${this.id}/advance`, { seconds });
  }
}
