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
  },
});
