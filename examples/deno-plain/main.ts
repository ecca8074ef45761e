const port = Number(Deno.env.get("PORT") ?? "8100");

Deno.serve({ hostname: "0.0.0.0", port }, () => new Response("hello from deno-plain"));
