// The store's standalone server is traced from the repository root, where npm hoists the workspace's
// node_modules: the build writes .next/standalone/apps/store/server.js beside the root's node_modules.
import { fileURLToPath } from "node:url";

const nextConfig = {
  output: "standalone",
  outputFileTracingRoot: fileURLToPath(new URL("../../", import.meta.url)),
};

export default nextConfig;
