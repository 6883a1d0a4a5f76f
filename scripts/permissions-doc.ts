import { readdirSync } from 'node:fs';
import type { Access, Endpoint } from '../src/core/endpoint.ts';
import { actions, roleAllows, roleLabels, roles } from '../src/core/permissions.ts';
import { healthEndpoint } from '../src/server/health.ts';

/**
 * docs/permissions.md, generated from the permission matrix and the endpoints' access rules (each slice's
 * contract.ts) so that the document cannot disagree with the code.
 */
export async function permissionsDoc(): Promise<string> {
  const header = `| action | ${roles.map((r) => roleLabels[r]).join(' | ')} |`;
  const rule = `|---|${roles.map(() => ':-:').join('|')}|`;
  const rows = Object.entries(actions).map(
    ([action, description]) =>
      `| \`${action}\` — ${description} | ${roles.map((r) => (roleAllows(r, action as keyof typeof actions) ? '✔' : '')).join(' | ')} |`,
  );
  const endpoints = (await contractEndpoints()).map(
    (e) => `| \`${e.method} ${e.path}\` | ${accessText(e.access)} | ${e.summary} |`,
  );
  return `# Permissions

<!-- Generated from src/core/permissions.ts and the endpoints of src/features/*/contract.ts by \`npm run docs:permissions\`; do not edit by hand. -->

A user holds roles **per site** (a membership). A membership without a site holds the role at every
site (the coordinating centre). An action is allowed at a site when one of the user's roles at that
site allows it. Actions over the whole study (sites, accounts, the security log) need the role at
every site. Everything a user may see or change is limited to the sites of the role that allows it;
another site's objects answer "not found".

${header}
${rule}
${rows.join('\n')}

- The **monitor** reads for source-data verification and changes nothing.
- The **statistician** reads pseudonymised research data only: never identity.
- Reading identifying data is audited on every read.

## Who may call each endpoint

The server checks the rule before the handler runs (src/core/endpoint.ts \`Access\`); the service then
narrows it to the sites of the object it touches.

| endpoint | who may call it | what it does |
|---|---|---|
${endpoints.join('\n')}
`;
}

function accessText(access: Access): string {
  switch (access) {
    case 'public':
      return 'anyone';
    case 'pending':
      return 'any signed-in user, also before the first password change';
    case 'self':
      return 'a signed-in user, for their own account';
    default:
      return {
        site: `\`${access.action}\` at the site in the path`,
        everywhere: `\`${access.action}\` at every site`,
        object: `\`${access.action}\` at the object's site`,
        any: `\`${access.action}\` at a site (answers for the caller's sites)`,
      }[access.at];
  }
}

/** Every endpoint of every slice's contract, in path order. */
async function contractEndpoints(): Promise<Endpoint[]> {
  const features = new URL('../src/features/', import.meta.url);
  const slices = readdirSync(features, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  const found: Endpoint[] = [healthEndpoint];
  for (const slice of slices) {
    const contract = (await import(new URL(`${slice.name}/contract.ts`, features).href)) as Record<string, unknown>;
    for (const value of Object.values(contract)) {
      if (typeof value !== 'object' || value === null) continue;
      for (const candidate of Object.values(value)) {
        if (isEndpoint(candidate)) found.push(candidate);
      }
    }
  }
  return found.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

function isEndpoint(value: unknown): value is Endpoint {
  return typeof value === 'object' && value !== null && 'path' in value && 'access' in value && 'method' in value;
}
