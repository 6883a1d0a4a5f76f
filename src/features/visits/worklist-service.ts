import { protocolVersion } from '../../protocol/study.ts';
import { localDate } from '../../protocol/visit-status.ts';
import type { CallContext } from '../../kernel/context.ts';
import { siteParticipants } from '../participants/public.ts';
import type { Worklist } from './contract.ts';
import { buildWorklist } from './worklist.ts';

export async function siteWorklist(ctx: CallContext, siteId: number): Promise<Worklist> {
  const { site, participants } = await siteParticipants(ctx, siteId);
  const today = localDate(ctx.clock.now().toISOString(), site.timeZone);
  return buildWorklist(participants, (p) => protocolVersion(ctx.study, p.protocolVersion), today, site.timeZone);
}
