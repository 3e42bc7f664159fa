import { mount } from "svelte";
import "./app.css";
import type { Backend } from "./backend";
import App from "./components/App.svelte";
import { AppState } from "./app.svelte";

declare global {
  interface Window {
    __TAURI_INTERNALS__?: unknown;
  }
}

async function start(): Promise<void> {
  const target = document.getElementById("app")!;
  if (window.__TAURI_INTERNALS__) {
    const { TauriBackend } = await import("./tauriBackend");
    const app = new AppState(new TauriBackend());
    mount(App, { target, props: { app } });
    return;
  }
  // In a plain browser (vite dev / preview): the in-memory fake, plus ?demo= screens.
  const { FakeBackend } = await import("./fakeBackend");
  const params = new URLSearchParams(location.search);
  // ?delay=MS sets how long each fake call takes (default: a few ms, varying).
  const delay = params.has("delay") ? Number(params.get("delay")) : null;
  const demo = params.get("demo");
  // The fake's day starts at 08:00 local time today, so the day report has something to show.
  const morning = new Date();
  morning.setHours(8, 0, 0, 0);
  const fake = new FakeBackend({
    delayMs: () => delay ?? 5 + Math.random() * 20,
    start: morning.toISOString(),
    tamperedAt: demo === "integrity" ? 4242 : undefined,
  });
  if (demo) {
    const { seedDemoDay } = await import("./demo");
    seedDemoDay(fake);
  }
  const backend: Backend = fake;
  const app = new AppState(backend, { fake: true });
  mount(App, { target, props: { app } });
  if (demo) {
    const { runDemo } = await import("./demo");
    await runDemo(app, demo);
  }
}

void start();
