import { count } from "./store.ts";

Deno.serve({ port: 8000 }, async () => new Response(String(await count())));
