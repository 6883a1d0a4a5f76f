import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { permissionsDoc } from './permissions-doc.ts';

it('docs/permissions.md is generated from the permission matrix (run npm run docs:permissions)', () => {
  expect(readFileSync(new URL('../docs/permissions.md', import.meta.url), 'utf8')).toBe(permissionsDoc());
});
