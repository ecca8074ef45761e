// @acme/shared is CommonJS (the API requires it) and linked from the workspace, not under node_modules:
// Vite's build converts such a package only when it is named (Vite's guide: monorepos and linked
// dependencies).
export default {
  optimizeDeps: { include: ['@acme/shared'] },
  build: { commonjsOptions: { include: [/packages\/shared/, /node_modules/] } },
};
