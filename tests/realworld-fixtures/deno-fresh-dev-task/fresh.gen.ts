import * as $index from "./routes/index.tsx";

const manifest = { routes: { "./routes/index.tsx": $index }, islands: {}, baseUrl: import.meta.url };
export default manifest;
