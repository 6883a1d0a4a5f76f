import type { z } from 'zod';
import type { CallContext } from '../../kernel/context.ts';
import { bloodDashboard } from './blood.ts';
import { CountingTally } from './cells.ts';
import { completenessDashboard } from './completeness.ts';
import type {
  BloodVolumes,
  Completeness,
  dashboardQuery,
  Flow,
  Recruitment,
  SampleInventory,
  VisitCompliance,
} from './contract.ts';
import { flowDashboard } from './flow.ts';
import { recruitmentDashboard } from './recruitment.ts';
import { samplesDashboard } from './samples.ts';
import { dashboardScope } from './scope.ts';
import { visitsDashboard } from './visits.ts';

/** The dashboards' use cases: read-only, so no transaction and no audit entry (reads of research data are not audited). */

type Query = z.output<typeof dashboardQuery>;

export async function recruitment(ctx: CallContext, query: Query): Promise<Recruitment> {
  const scope = await dashboardScope(ctx, query.siteId);
  return recruitmentDashboard(scope, ctx.study.current.recruitmentTarget, new CountingTally());
}

export async function flow(ctx: CallContext, query: Query): Promise<Flow> {
  return flowDashboard(ctx, await dashboardScope(ctx, query.siteId), new CountingTally());
}

export async function visitCompliance(ctx: CallContext, query: Query): Promise<VisitCompliance> {
  return visitsDashboard(ctx, await dashboardScope(ctx, query.siteId), new CountingTally());
}

export async function completeness(ctx: CallContext, query: Query): Promise<Completeness> {
  return completenessDashboard(ctx, await dashboardScope(ctx, query.siteId), new CountingTally());
}

export async function sampleInventory(ctx: CallContext, query: Query): Promise<SampleInventory> {
  return samplesDashboard(ctx, await dashboardScope(ctx, query.siteId));
}

export async function bloodVolumes(ctx: CallContext, query: Query): Promise<BloodVolumes> {
  return bloodDashboard(ctx, await dashboardScope(ctx, query.siteId), new CountingTally());
}
