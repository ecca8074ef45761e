// A resource route: no component, so it answers with the loader's response alone.
export function loader() {
  return Response.json({ ok: true });
}
