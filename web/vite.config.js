import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// Built into the web module's jar under tessera-ui/; the server serves it at /ui/ (dropwizard-assets).
// The server's Content-Security-Policy allows scripts, styles and images from its own origin only, so nothing
// may be inlined: no data: URIs for assets and no inline module-preload polyfill.
export default defineConfig({
  base: '/ui/',
  plugins: [preact()],
  build: {
    outDir: 'target/classes/tessera-ui',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      input: { index: 'index.html', admin: 'admin.html' },
    },
  },
});
