// A Deno server with no deno.json: its only import is a URL.
import { STATUS_CODE } from "https://deno.land/std@0.224.0/http/status.ts";

const port = Number(Deno.env.get("PORT") ?? "8000");
Deno.serve({ port }, () => new Response("ok\n", { status: STATUS_CODE.OK }));
