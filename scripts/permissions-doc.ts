import { actions, roleAllows, roleLabels, roles } from '../src/core/permissions.ts';

/** docs/permissions.md, generated from the permission matrix so that the two cannot disagree. */
export function permissionsDoc(): string {
  const header = `| action | ${roles.map((r) => roleLabels[r]).join(' | ')} |`;
  const rule = `|---|${roles.map(() => ':-:').join('|')}|`;
  const rows = Object.entries(actions).map(
    ([action, description]) =>
      `| \`${action}\` — ${description} | ${roles.map((r) => (roleAllows(r, action as keyof typeof actions) ? '✔' : '')).join(' | ')} |`,
  );
  return `# Permissions

<!-- Generated from src/core/permissions.ts by \`npm run docs:permissions\`; do not edit by hand. -->

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
`;
}
