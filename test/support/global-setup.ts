/** Says once, at the top of the run, which engines the integration tests run on. */
export default function setup(): void {
  const url = process.env.TEST_DATABASE_URL;
  process.stdout.write(
    url === undefined || url === ''
      ? 'Integration tests run on SQLite only: set TEST_DATABASE_URL=postgres://... to run them on PostgreSQL too.\n'
      : 'Integration tests run on SQLite and on PostgreSQL (TEST_DATABASE_URL).\n',
  );
}
