import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** This folder, so that the config works from any working directory (the npm scripts run it from the repository root). */
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:8080' },
    },
  },
});
