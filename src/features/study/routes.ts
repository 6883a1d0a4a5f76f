import type { Router } from '../../kernel/router.ts';
import { studyEndpoints } from './contract.ts';
import { readDemoMark } from './demo-mark.ts';

export function studyRoutes(router: Router): void {
  const { study, database } = router.app;
  router.on(studyEndpoints.get, () => ({ current: study.current, versions: Object.keys(study.versions) }));
  router.on(studyEndpoints.demo, async () => ({ demo: await readDemoMark(database.kysely) }));
}
