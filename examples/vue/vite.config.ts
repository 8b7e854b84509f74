import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [
    vue({
      template: {
        compilerOptions: {
          // Vue leaves these tags to the browser's custom elements.
          isCustomElement: (tag) => ['secret-setup', 'aup-consent', 'secret-challenge'].includes(tag),
        },
      },
    }),
  ],
});
