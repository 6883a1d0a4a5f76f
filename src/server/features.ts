import { auditRoutes } from '../features/audit/public.ts';
import { authRoutes } from '../features/auth/public.ts';
import { consentRoutes } from '../features/consent/public.ts';
import { destructionRoutes } from '../features/destruction/public.ts';
import { enrollmentRoutes } from '../features/enrollment/public.ts';
import { participantRoutes } from '../features/participants/public.ts';
import { screeningRoutes } from '../features/screening/public.ts';
import { siteRoutes } from '../features/sites/public.ts';
import { studyRoutes } from '../features/study/public.ts';
import { userRoutes } from '../features/users/public.ts';
import { visitRoutes } from '../features/visits/public.ts';
import { crfRoutes } from '../features/crf/public.ts';
import { samplesRoutes } from '../features/samples/public.ts';
import { labRoutes } from '../features/labs/public.ts';
import { dashboardRoutes } from '../features/dashboards/public.ts';
import { analysisRoutes } from '../features/analysis/public.ts';
import { exportRoutes } from '../features/exports/public.ts';
import { fhirRoutes } from '../features/fhir/public.ts';
import { healthRoute } from './health.ts';
import type { Router } from '../kernel/router.ts';

/** Every feature's routes; a new feature adds one line here (the server and the demo's in-process API use it). */
export const features: ((router: Router) => void)[] = [
  healthRoute,
  authRoutes,
  siteRoutes,
  userRoutes,
  auditRoutes,
  studyRoutes,
  screeningRoutes,
  enrollmentRoutes,
  participantRoutes,
  consentRoutes,
  visitRoutes,
  crfRoutes,
  destructionRoutes,
  samplesRoutes,
  labRoutes,
  dashboardRoutes,
  analysisRoutes,
  exportRoutes,
  fhirRoutes,
];
