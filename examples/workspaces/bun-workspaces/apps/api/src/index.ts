import { Hono } from 'hono';
import { shortId } from '@links/ids';

const app = new Hono();
app.get('/', (c) => c.text(`hello from bun-workspaces ${shortId(1295)}`));

export default { port: Number(process.env.PORT) || 3000, fetch: app.fetch };
