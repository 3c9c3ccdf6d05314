import { defineConfig } from "vitest/config";

// No @vitejs/plugin-react: esbuild's automatic JSX runtime is all we need, and it avoids a Babel install.
export default defineConfig({
  clearScreen: false,
  esbuild: { jsx: "automatic" },
  server: { port: 1420, strictPort: true },
  build: { outDir: "dist", target: "es2021" },
  test: {
    environment: "jsdom",
    setupFiles: ["src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
