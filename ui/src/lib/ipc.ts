// The generated API client's `Call` over Tauri IPC: one `invoke` per
// command, every rejection as the core's `{ code, message }` (anything else,
// say a command the shell does not know, as code "unexpected").

import { invoke } from "@tauri-apps/api/core";
import { toErrorBody } from "./errors";

export async function ipcCall<T>(command: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toErrorBody(e);
  }
}
