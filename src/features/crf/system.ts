import type { CallContext } from '../../kernel/context.ts';

/**
 * The engine's own changes (calculated items, automatic queries) are audited as the system's, under the request
 * that caused them: the trail tells a person's entry from what septype worked out of it.
 */
export function systemContext(ctx: CallContext): CallContext {
  return { ...ctx, caller: { kind: 'operator', name: 'system' }, source: 'system' };
}
