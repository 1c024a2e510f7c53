import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    sourcemap: true,
    rolldownOptions: {
      // Two pages: the launch URL (`/launch`, only the SMART authorize step) and the redirect URI (`/`, the app).
      input: {
        app: fileURLToPath(new URL('index.html', import.meta.url)),
        launch: fileURLToPath(new URL('launch/index.html', import.meta.url)),
      },
      // Chunks named for what they hold (the bench lists them): React for the app and the error screens, the
      // SMART client for both pages.
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /[\\/]node_modules[\\/](?:react|react-dom|scheduler)[\\/]/u },
            { name: 'smart-client', test: /[\\/](?:node_modules[\\/]fhirclient|src[\\/]smart)[\\/]/u },
          ],
        },
      },
    },
  },
});
