import express from 'express';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/prisma/client.js';

const url = process.env.DATABASE_URL ?? 'file:/tmp/notes.db';
const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url }) });

// A tiny app creates its one table itself; a larger one runs `prisma migrate deploy` before starting.
await prisma.$executeRawUnsafe(
  'CREATE TABLE IF NOT EXISTS "Note" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "text" TEXT NOT NULL, "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)',
);

const app = express();
app.use(express.json());

app.get('/', async (_req, res) => {
  const notes = await prisma.note.count();
  res.send(`hello from node-prisma (${notes} notes)`);
});

app.post('/notes', async (req, res) => {
  const note = await prisma.note.create({ data: { text: String(req.body?.text ?? '') } });
  res.status(201).json(note);
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => console.log(`listening on ${port}`));
