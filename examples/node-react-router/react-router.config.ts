import type { Config } from "@react-router/dev/config";

export default {
  // Server-side render by default; `react-router-serve` runs the server build.
  ssr: true,
} satisfies Config;
