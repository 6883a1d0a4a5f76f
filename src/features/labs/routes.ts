import type { Router } from '../../kernel/router.ts';
import { calibration, recordCalibration } from './calibrate.ts';
import { addAssay, listAssays } from './catalogue.ts';
import { labsEndpoints as endpoints } from './contract.ts';
import { importFile, listImports, previewFile } from './files.ts';
import { listMappings, saveMapping } from './mappings.ts';
import { correctResult, participantResults } from './results.ts';

/** Laboratory files are larger than other requests: 64 MB of base64 is about 48 MB of CSV (a proteomics plate set). */
const fileBodyLimit = 64 * 1024 * 1024;

export function labRoutes(router: Router): void {
  router.on(endpoints.assays, ({ ctx }) => listAssays(ctx));
  router.on(endpoints.addAssay, ({ ctx, body }) => addAssay(ctx, body));
  router.on(endpoints.mappings, ({ ctx }) => listMappings(ctx));
  router.on(endpoints.saveMapping, ({ ctx, body }) => saveMapping(ctx, body));
  router.on(endpoints.preview, ({ ctx, body }) => previewFile(ctx, body), { bodyLimit: fileBodyLimit });
  router.on(endpoints.import, ({ ctx, body }) => importFile(ctx, body), { bodyLimit: fileBodyLimit });
  router.on(endpoints.imports, ({ ctx }) => listImports(ctx));
  router.on(endpoints.results, ({ ctx, params, query }) => participantResults(ctx, params.participantId, query));
  router.on(endpoints.correct, ({ ctx, params, body }) => correctResult(ctx, params.resultId, body));
  router.on(endpoints.calibrate, ({ ctx, body }) => recordCalibration(ctx, body));
  router.on(endpoints.calibration, ({ ctx, params }) => calibration(ctx, params.calibrationId));
}
