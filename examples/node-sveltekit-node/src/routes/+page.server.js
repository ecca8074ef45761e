import { parse } from 'cookie';

/** @type {import('./$types').PageServerLoad} */
export function load({ request }) {
  // Runs on the server for every request: a runtime dependency (cookie) from production node_modules.
  const cookies = parse(request.headers.get('cookie') ?? '');
  return { greeting: 'hello from node-sveltekit-node', visits: Number(cookies.visits ?? 0) };
}
