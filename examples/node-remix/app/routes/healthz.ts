// A resource route: no component, so it answers with the loader's response alone.
export function loader() {
  return new Response(JSON.stringify({ ok: true }), {
    headers: { "content-type": "application/json" },
  });
}
