import { sql, type Kysely, type Transaction } from 'kysely';

interface Waiting<DB> {
  work: (trx: Transaction<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit for SQLite. SQLite has one writer, and with synchronous=FULL every commit waits for
 * the disk; so the transactions that queue up while one batch runs are run together in the next:
 * each in its own savepoint (a failing one is rolled back alone), then one COMMIT for all. Nobody is
 * answered before that commit, so durability is as with one transaction each; under load, one disk
 * flush serves many requests.
 */
export class GroupCommit<DB> {
  private readonly queue: Waiting<DB>[] = [];
  private draining = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly maxBatch = 64,
  ) {}

  run<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        // One turn of the event loop lets requests that are parsing their bodies queue up too.
        await new Promise((resolve) => setImmediate(resolve));
        let batch: Waiting<DB>[] = [];
        let outcomes: Outcome[];
        try {
          outcomes = await this.db.transaction().execute(async (trx) => {
            // Taken once the connection is ours: whatever queued while we waited for it joins.
            batch = this.queue.splice(0, this.maxBatch);
            const results: Outcome[] = [];
            for (const item of batch) results.push(await this.isolated(trx, item.work));
            return results;
          });
        } catch (error) {
          // The commit failed (nothing of the batch was written), or the transaction could not even begin (the
          // database closed): then the batch was never taken, and the work waiting for it fails instead of
          // waiting for ever.
          const failed = batch.length > 0 ? batch : this.queue.splice(0, this.maxBatch);
          for (const item of failed) item.reject(error);
          continue;
        }
        batch.forEach((item, i) => {
          const outcome = outcomes[i];
          if (outcome?.ok === true) item.resolve(outcome.value);
          else item.reject(outcome?.error);
        });
      }
    } finally {
      this.draining = false;
    }
  }

  private async isolated(trx: Transaction<DB>, work: Waiting<DB>['work']): Promise<Outcome> {
    await sql`savepoint unit_of_work`.execute(trx);
    try {
      const value = await work(trx);
      await sql`release unit_of_work`.execute(trx);
      return { ok: true, value };
    } catch (error) {
      await sql`rollback to unit_of_work`.execute(trx);
      await sql`release unit_of_work`.execute(trx);
      return { ok: false, error };
    }
  }
}
