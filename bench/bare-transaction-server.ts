/**
 * The "bare endpoint" of docs/performance.md, for bench/form-save.ts: Fastify + Kysely and nothing else (no
 * authentication, no validation, no audit). `POST /bare` runs one transaction (`BEGIN`, `INSERT`, `SELECT`,
 * `COMMIT`) on a scratch table in the benchmark's database, opened by the server's own `openDatabase` (same pool,
 * SQLite pragmas and group commit, PostgreSQL prepared statements), so what it reaches is the ceiling of a
 * transactional write on this engine, machine and load generator. Prints `bare endpoint on <url>` once listening.
 *
 *   node --import tsx bench/bare-transaction-server.ts <sqlite file | postgres:// URL>
 */
import Fastify from 'fastify';
import { sql, type Generated } from 'kysely';
import { openDatabase } from '../src/db/connect.ts';

type Scratch = { bench_bare: { id: Generated<number>; n: number; at: string } };

const target = process.argv[2];
if (target === undefined) throw new Error('usage: bare-transaction-server.ts <sqlite file | postgres:// URL>');
const database = openDatabase(target);
await sql
  .raw(
    database.dialect === 'sqlite'
      ? 'create table if not exists bench_bare (id integer primary key, n integer not null, at text not null)'
      : 'create table if not exists bench_bare (id bigserial primary key, n integer not null, at text not null)',
  )
  .execute(database.kysely);

const app = Fastify({ logger: false });
app.post('/bare', async (request) => {
  const n = Number((request.body as { n?: unknown } | undefined)?.n ?? 0);
  return database.transaction(async (trx) => {
    const scratch = trx.withTables<Scratch>();
    const { id } = await scratch
      .insertInto('bench_bare')
      .values({ n, at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await scratch.selectFrom('bench_bare').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { id: Number(row.id), n: row.n, at: row.at };
  });
});

const stop = async () => {
  await app.close();
  await database.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`bare endpoint on ${url}\n`);
