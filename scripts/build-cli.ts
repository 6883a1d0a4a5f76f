/**
 * Compiles the command line to JavaScript in dist/cli, so that `bin/septype` starts without transpiling
 * TypeScript at every call (docs/performance.md, "Command-line start").
 *
 * One esbuild bundle of src/cli/main.ts with code splitting: main.js holds only what every command needs,
 * and each `import()` of a command's module becomes a chunk that loads when that command runs. Node resolves
 * a handful of files instead of one per source module, which is what made the bundle faster than
 * per-file compilation when measured. Packages stay in node_modules (native modules, files they read
 * from their own folder, worker scripts) except the pure ones on the fast paths: zod alone is ~100 files
 * and 160 ms to load from node_modules, ~35 ms bundled. fastify-type-provider-zod is bundled with it so
 * that the server and the schemas share one zod.
 *
 * Chunks sit next to main.js in dist/cli, two folders below the root like the sources they come from.
 * Asset paths relative to a module (`new URL('../../web/dist/', import.meta.url)`) are rewritten to
 * point from dist/cli to the same file, whatever depth the source has; one pointing into src/ fails the
 * build (it would load TypeScript at run time: make it an entry point instead).
 *
 * dist/cli/stamp is touched with the build's start time: bin/septype runs the sources through tsx
 * instead when anything in src/ is newer (an edit since the build, even one made while it ran).
 *
 *   npm run build:cli
 */
import { readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
export const cliOutdir = resolve(root, 'dist/cli');
/** Written last, with the build's start time: what bin/septype compares src/ with. */
export const cliStamp = resolve(cliOutdir, 'stamp');

/** Packages compiled into the bundle; every other import of a package stays an import at run time. */
const bundledPackages = new Set(['zod', 'luxon', 'fastify-type-provider-zod']);

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const externalPackages: Plugin = {
  name: 'external-packages',
  setup(b) {
    // Bare specifiers (packages and node: built-ins); relative and absolute paths are bundled.
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      bundledPackages.has(packageName(args.path)) ? undefined : { path: args.path, external: true },
    );
  },
};

/** `new URL('<relative>', import.meta.url)` with a string literal: a file found relative to the module. */
const moduleRelativeUrl = /new URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;

const assetPaths: Plugin = {
  name: 'asset-paths',
  setup(b) {
    const src = resolve(root, 'src');
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!args.path.startsWith(src + '/')) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const contents = text.replace(moduleRelativeUrl, (_match, quote: string, target: string) => {
        const file = resolve(dirname(args.path), target);
        if (file === src || file.startsWith(src + '/')) {
          throw new Error(
            `${relative(root, args.path)}: new URL('${target}', import.meta.url) points into src/, which is not there ` +
              'after compilation; make that file an entry point in scripts/build-cli.ts',
          );
        }
        let fromOut = relative(cliOutdir, file);
        if (target.endsWith('/') && !fromOut.endsWith('/')) fromOut += '/';
        return `new URL(${quote}${fromOut}${quote}, import.meta.url)`;
      });
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * Whether dist/cli is newer than what it is built from: bin/septype's rule (the sources but tests, this script)
 * and also the installed packages, since zod and luxon are compiled in.
 */
export function cliIsCurrent(): boolean {
  const built = mtime(cliStamp);
  if (built === null) return false;
  const src = resolve(root, 'src');
  const sources = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => join(src, file));
  const inputs = [...sources, fileURLToPath(import.meta.url), resolve(root, 'node_modules/.package-lock.json')];
  return inputs.every((file) => (mtime(file) ?? 0) <= built);
}

function mtime(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * Builds dist/cli; returns the milliseconds it took. The build goes to a folder beside it, swapped in at the
 * end, so that a command started meanwhile (a test run, a script) finds a whole build, old or new.
 */
export async function buildCli(): Promise<number> {
  const started = new Date();
  const staging = `${cliOutdir}.${process.pid}.new`;
  const previous = `${cliOutdir}.${process.pid}.old`;
  rmSync(staging, { recursive: true, force: true });
  try {
    await compile(staging);
    writeFileSync(join(staging, 'stamp'), 'bin/septype runs main.js while nothing in src/ is newer than this file\n');
    utimesSync(join(staging, 'stamp'), started, started);
    ignoring(['ENOENT'], () => renameSync(cliOutdir, previous));
    // Another build (a second test run) may have swapped in its own since: from the same sources, so keep it.
    ignoring(['ENOTEMPTY', 'EEXIST'], () => renameSync(staging, cliOutdir));
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(previous, { recursive: true, force: true });
  }
  return Date.now() - started.getTime();
}

function ignoring(codes: string[], work: () => void): void {
  try {
    work();
  } catch (error) {
    if (!codes.includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}

async function compile(outdir: string): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: {
      main: 'src/cli/main.ts',
      // The consensus workers load the module holding this code (its import.meta.url). As an entry point
      // of its own, that code can never be inlined into main.js, whose top level runs the command line.
      'consensus-worker': 'src/stats/cluster/consensus-parallel.ts',
      // The same for the analysis runs' worker (src/features/analysis/worker.ts).
      'analysis-worker': 'src/features/analysis/worker.ts',
    },
    // A sibling of dist/cli (same depth): the rewritten asset paths hold for both.
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Not minified: measured, it saved nothing at start (within the noise of ±15 ms), and stack traces stay
    // readable. The source maps serve `node --enable-source-maps dist/cli/main.js`.
    sourcemap: 'linked',
    chunkNames: '[name]-[hash]',
    plugins: [externalPackages, assetPaths],
    logLevel: 'warning',
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ms = await buildCli();
  process.stdout.write(`built ${relative(root, cliOutdir)} in ${ms} ms\n`);
}
