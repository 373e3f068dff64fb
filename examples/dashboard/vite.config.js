// Builds the dashboard: `npx vite build --config examples/dashboard/vite.config.js`
// (or `npx vite --config examples/dashboard/vite.config.js` to develop on 127.0.0.1:5173).
// The library is imported by its package name and resolved to the BUILT package (dist/), as an
// application that installed it would get it: run `npm run build` first.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = fileURLToPath(new URL("../..", import.meta.url));

export default defineConfig({
  root: here,
  base: "./",
  logLevel: "warn",
  resolve: {
    alias: { "engagement-metrics": fileURLToPath(new URL("../../dist/index.js", import.meta.url)) },
  },
  server: { host: "127.0.0.1", fs: { allow: [repo] } },
  preview: { host: "127.0.0.1" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Plot and d3 make a chunk above Vite's 500 kB warning; that is expected for a chart page.
    chunkSizeWarningLimit: 1024,
  },
});
