import * as $0 from "./routes/index.tsx";

export default { routes: { "./routes/index.tsx": $0 }, baseUrl: import.meta.url };
