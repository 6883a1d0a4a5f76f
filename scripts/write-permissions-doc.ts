import { writeFileSync } from 'node:fs';
import { permissionsDoc } from './permissions-doc.ts';

writeFileSync(new URL('../docs/permissions.md', import.meta.url), await permissionsDoc());
process.stdout.write('wrote docs/permissions.md\n');
