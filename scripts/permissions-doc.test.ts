import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { permissionsDoc } from './permissions-doc.ts';

it('docs/permissions.md is generated from the permission matrix and the endpoints (run npm run docs:permissions)', async () => {
  const doc = await permissionsDoc();
  expect(doc).toContain('| `POST /api/sites/:siteId/screenings` | `participant.write` at the site in the path |');
  expect(readFileSync(new URL('../docs/permissions.md', import.meta.url), 'utf8')).toBe(doc);
});
