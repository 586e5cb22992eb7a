import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** Writes .br and .gz next to each script and stylesheet; the server's static plugin sends them (preCompressed). */
function precompress(): Plugin {
  return {
    name: 'modelry-precompress',
    apply: 'build',
    closeBundle() {
      const dir = path.resolve(import.meta.dirname, 'dist/assets');
      for (const name of readdirSync(dir).filter((file) => /\.(js|css)$/.test(file))) {
        const bytes = readFileSync(path.join(dir, name));
        writeFileSync(path.join(dir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
        writeFileSync(path.join(dir, `${name}.br`), brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

// The dashboard is served by the Modelry server itself (packages/server/src/http/web.ts), so in development
// `npm run dev` proxies the API to a server on MODELRY_DEV_API (default http://127.0.0.1:8080).
const api = process.env.MODELRY_DEV_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // Vite 8 transforms TSX with Oxc; the automatic runtime needs no React import in every file.
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 500,
    rolldownOptions: {
      onwarn(warning, warn) {
        // "use client" directives in react-router and lucide-react mean nothing in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/api': api, '/healthz': api } },
});
