import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { Router } from '../../kernel/router.ts';
import { exportsEndpoints as endpoints } from './contract.ts';
import { redcapFile } from './redcap-files.ts';
import {
  allTables,
  auditExport,
  codebookOf,
  exportScope,
  scriptOf,
  tableNamed,
  type ExportFile,
} from './tables-files.ts';
import { analysisSpecs, analysisTables, exportMetadata, exportTableSpecs, writeTables } from './tables-export.ts';
import { sinkFor } from './tables-sinks.ts';

// The codebook page is self-contained (inline style, no scripts): it gets a policy of its own.
const pagePolicy = "default-src 'none'; style-src 'unsafe-inline'";

function sendFile(reply: FastifyReply, file: ExportFile): string {
  const inline = file.contentType.startsWith('text/html');
  reply
    .type(file.contentType)
    .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${file.fileName}"`);
  if (inline) reply.header('content-security-policy', pagePolicy);
  return file.body;
}

export function exportRoutes(router: Router): void {
  router.on(endpoints.tables, ({ ctx }) => {
    const tables = exportTableSpecs(ctx, analysisSpecs(ctx));
    return { tables: tables.map((t) => ({ name: t.name, label: t.label, kind: t.kind, columns: t.columns.length })) };
  });
  router.on(endpoints.table, async ({ ctx, query, reply }) => {
    const scope = await exportScope(ctx, query.siteId);
    const analysis = query.table.startsWith('analysis_') ? await analysisTables(ctx, scope) : undefined;
    const table = tableNamed(exportTableSpecs(ctx, analysis?.specs ?? []), query.table);
    await auditExport(ctx, scope, { tables: [table.name], format: query.format });
    const meta = exportMetadata(ctx, scope);
    const stream = new PassThrough();
    reply
      .type(query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.apache.parquet')
      .header('content-disposition', `attachment; filename="${table.name}.${query.format}"`);
    // Rows are written as they are read; a failure half-way ends the answer with an error (headers are gone).
    writeTables(
      ctx,
      scope,
      [table],
      (t) => sinkFor(query.format, stream, t, { 'septype.table': t.name, 'septype.study': meta.study }),
      { ...(analysis === undefined ? {} : { analysis }) },
    ).catch((error: unknown) => {
      ctx.logger.error({ err: error }, `export of ${table.name} failed`);
      stream.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    return stream;
  });
  router.on(endpoints.codebook, async ({ ctx, query, reply }) => {
    const scope = await exportScope(ctx, query.siteId);
    const { tables } = await allTables(ctx, scope);
    return sendFile(reply, codebookOf(ctx, scope, tables, query.format));
  });
  router.on(endpoints.script, async ({ ctx, query, reply }) => {
    const scope = await exportScope(ctx, query.siteId);
    const { tables } = await allTables(ctx, scope);
    return sendFile(reply, scriptOf(query.language, tables, ctx.study.current.id, query.format));
  });
  router.on(endpoints.redcap, ({ ctx, query, reply }) => sendFile(reply, redcapFile(ctx, query.file)));
}
