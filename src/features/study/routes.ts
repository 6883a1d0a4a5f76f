import type { Router } from '../../kernel/router.ts';
import { studyEndpoints } from './contract.ts';

export function studyRoutes(router: Router): void {
  const { study } = router.app;
  router.on(studyEndpoints.get, () => ({ current: study.current, versions: Object.keys(study.versions) }));
}
