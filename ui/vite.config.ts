import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

// The desktop shell loads ui/dist from disk; there is no dev server in the build.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  // Tests mount components in happy-dom, which needs Svelte's browser build.
  resolve: process.env.VITEST ? { conditions: ["browser"] } : undefined,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.ts"],
    // One `pos serve --scratch` for the run: the UI tests get every rule from the real core.
    globalSetup: ["./src/test/posServe.ts"],
    // A till is a real database: give the longer tests (hundreds of commands) room.
    testTimeout: 30_000,
  },
});
