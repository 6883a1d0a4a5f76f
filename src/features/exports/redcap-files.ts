import { redcapFiles, type RedcapFile } from '../../interop/redcap/dictionary.ts';
import type { CallContext } from '../../kernel/context.ts';
import { scopeFor } from '../../kernel/scope.ts';
import type { ExportFile } from './tables-files.ts';
import { exportAction } from './tables-export.ts';

/** The study's forms as a REDCap project (src/interop/redcap/): the current protocol version, no data. */
export function redcapFile(ctx: CallContext, file: RedcapFile): ExportFile {
  scopeFor(ctx, exportAction);
  return {
    fileName: `redcap-${file}`,
    contentType: 'text/csv; charset=utf-8',
    body: redcapFiles[file](ctx.study.current),
  };
}
