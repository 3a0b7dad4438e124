import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const apiTarget = process.env.HLBOT_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? "8000"}`;

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    chunkSizeWarningLimit: 400,
  },
  server: {
    host: "127.0.0.1",
    port: Number(process.env.WEB_PORT ?? 3000),
    strictPort: true,
    proxy: {
      "/api": { target: apiTarget, changeOrigin: false, ws: true },
    },
  },
  preview: {
    host: "127.0.0.1",
    port: Number(process.env.WEB_PORT ?? 3000),
    proxy: {
      "/api": { target: apiTarget, changeOrigin: false, ws: true },
    },
  },
});
