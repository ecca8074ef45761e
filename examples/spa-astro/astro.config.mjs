import { defineConfig } from 'astro/config';

// No adapter: `astro build` writes a static site to dist/.
export default defineConfig({});
