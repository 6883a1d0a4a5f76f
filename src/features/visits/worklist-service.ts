import { protocolVersion } from '../../protocol/study.ts';
import { localDate } from '../../protocol/visit-status.ts';
import type { CallContext } from '../access/context.ts';
import { siteParticipants } from '../participants/service.ts';
import { siteOf } from '../sites/repo.ts';
import type { Worklist } from './contract.ts';
import { buildWorklist } from './worklist.ts';

export async function siteWorklist(ctx: CallContext, siteId: number): Promise<Worklist> {
  const participants = await siteParticipants(ctx, siteId);
  const site = await siteOf(ctx.database.kysely, siteId);
  const today = localDate(ctx.clock.now().toISOString(), site.timeZone);
  return buildWorklist(participants, (p) => protocolVersion(ctx.study, p.protocolVersion), today, site.timeZone);
}
