import { buildCli, cliIsCurrent } from '../../scripts/build-cli.ts';

/**
 * Says once, at the top of the run, which engines the integration tests run on; and compiles the command line
 * when the sources changed since its last build, so that the CLI tests run what `npm install` would build
 * (and start in a tenth of the time the sources take through tsx).
 */
export default async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  process.stdout.write(
    url === undefined || url === ''
      ? 'Integration tests run on SQLite only: set TEST_DATABASE_URL=postgres://... to run them on PostgreSQL too.\n'
      : 'Integration tests run on SQLite and on PostgreSQL (TEST_DATABASE_URL).\n',
  );
  if (cliIsCurrent()) {
    process.stdout.write('The command line in dist/cli is up to date with src/.\n');
  } else {
    process.stdout.write(`Compiled the command line to dist/cli in ${await buildCli()} ms.\n`);
  }
}
