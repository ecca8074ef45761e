// The workspace root's deno.json maps `fresh` to jsr:@fresh/core.
import { App, staticFiles } from "fresh";

export const app = new App().use(staticFiles()).fsRoutes();
