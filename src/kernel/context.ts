import type { Transaction } from 'kysely';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { Membership } from '../core/permissions.ts';
import { appendAudit, type AuditEntry, type AuditPosition, type AuditSource } from '../db/audit.ts';
import type { Database } from '../db/connect.ts';
import type { Tables } from '../db/tables.ts';
import type { Study } from '../protocol/study.ts';

export interface Logger {
  info(message: string): void;
  info(object: object, message?: string): void;
  warn(message: string): void;
  warn(object: object, message?: string): void;
  error(message: string): void;
  error(object: object, message?: string): void;
}

/** What the whole application shares: passed explicitly, never a module-level singleton. */
export interface AppContext {
  readonly database: Database;
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The study the platform runs: its protocol versions (src/protocol/). */
  readonly study: Study;
  /** The key that seals identifying data (src/db/data-key.ts); read on first use, so commands that need none run without it. */
  readonly dataKey: () => Buffer;
  /**
   * Whole numbers in [0, bound) for what the platform makes up (barcodes); absent: crypto's. The demo generator
   * (src/demo) passes a seeded one, so that the same seed makes the same study.
   */
  readonly random?: (bound: number) => number;
}

/** A signed-in person, by session or API token. */
export interface UserCaller {
  readonly kind: 'user';
  readonly userId: number;
  readonly username: string;
  readonly memberships: readonly Membership[];
  readonly via: 'session' | 'token';
  readonly sessionId?: string;
}

/** A signed-in person, or the operator at the command line. */
export type Caller = UserCaller | { readonly kind: 'operator'; readonly name: string };

/** One use case's context: who asks, from where, under which request id. */
export interface CallContext extends AppContext {
  readonly caller: Caller;
  readonly source: AuditSource;
  readonly requestId: string | null;
}

export function callerName(caller: Caller): string {
  return caller.kind === 'user' ? caller.username : caller.name;
}

export function callerUserId(caller: Caller): number | null {
  return caller.kind === 'user' ? caller.userId : null;
}

export type Trx = Transaction<Tables>;

export function inTransaction<T>(ctx: AppContext, work: (trx: Trx) => Promise<T>): Promise<T> {
  return ctx.database.transaction(work);
}

/** Appends an audit entry for this call inside the caller's transaction. */
export function audit(
  ctx: CallContext,
  trx: Trx,
  entry: Omit<AuditEntry, 'userId' | 'actor' | 'source' | 'requestId'>,
): Promise<AuditPosition> {
  return appendAudit(trx, ctx.clock.now(), {
    ...entry,
    userId: callerUserId(ctx.caller),
    actor: callerName(ctx.caller),
    source: ctx.source,
    requestId: ctx.requestId,
  });
}
