/**
 * Benchmark: how long the command line takes to start, side by side with a bare `node -e ""` in the same run
 * (the target: `bin/septype` at most 3× that). Times `septype version`, `septype score qsofa` (a small JSON on
 * stdin) and `septype --help` as a script would run them, through bin/septype, each spawned one after another
 * and interleaved round by round so that a busy moment of the machine hits every command alike; then the
 * median, the 95th percentile and the ratio of the medians to bare Node. For comparison it also times the two
 * first commands run from the TypeScript sources through tsx, as bin/septype did before it ran a build.
 *
 * The compiled command line is built first if the sources changed since (scripts/build-cli.ts). A round during
 * which a source file changed (bin/septype would have run the sources) is discarded, and the build redone.
 *
 *   npm run bench:cli-start                       # BENCH_RUNS=20
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildCli, cliIsCurrent } from '../scripts/build-cli.ts';
import { machine, quantile, report, sized, smoke } from './support.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}bin/septype`;
const tsx = new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const main = `${root}src/cli/main.ts`;
const runs = Number(process.env.BENCH_RUNS ?? sized(20, 3));
const target = 3;

interface Case {
  name: string;
  command: string[];
  stdin?: string;
  /** What a correct run prints on stdout. */
  expect: RegExp;
  /** Held to the target (≤ 3× bare Node). */
  held: boolean;
}

const qsofa = JSON.stringify({ respiratoryRate: 24, gcs: 14, systolicBp: 95 });
const cases: Case[] = [
  { name: 'node -e ""', command: [process.execPath, '-e', ''], expect: /^$/, held: false },
  { name: 'septype version', command: [bin, 'version'], expect: /^septype \d+\.\d+\.\d+\n$/, held: true },
  { name: 'septype score qsofa', command: [bin, 'score', 'qsofa'], stdin: qsofa, expect: /"score": 3/, held: true },
  { name: 'septype --help', command: [bin, '--help'], expect: /Usage: septype <command>/, held: true },
  ...(smoke
    ? []
    : [
        {
          name: 'version, sources via tsx',
          command: [process.execPath, '--import', tsx, main, 'version'],
          expect: /^septype /,
          held: false,
        },
        {
          name: 'score qsofa, sources via tsx',
          command: [process.execPath, '--import', tsx, main, 'score', 'qsofa'],
          stdin: qsofa,
          expect: /"score": 3/,
          held: false,
        },
      ]),
];

function once(c: Case): number {
  const started = performance.now();
  const run = spawnSync(c.command[0]!, c.command.slice(1), { input: c.stdin ?? '', encoding: 'utf8' });
  const ms = performance.now() - started;
  if (run.error !== undefined || run.status !== 0 || !c.expect.test(run.stdout)) {
    throw new Error(
      `${c.name}: exit ${run.status ?? run.error?.message}, stdout ${JSON.stringify(run.stdout.slice(0, 200))}, ` +
        `stderr ${JSON.stringify(run.stderr.slice(0, 500))}`,
    );
  }
  return ms;
}

if (!cliIsCurrent()) process.stdout.write(`compiled the command line (dist/cli) in ${await buildCli()} ms\n`);
const times = new Map(cases.map((c) => [c, [] as number[]]));
for (const c of cases) once(c); // warm-up round: page cache, not timed
let discarded = 0;
while (times.get(cases[0]!)!.length < runs) {
  const round = cases.map((c) => once(c));
  // Staleness lasts until the next build: a change at any time during the round shows now.
  if (cliIsCurrent()) cases.forEach((c, i) => times.get(c)!.push(round[i]!));
  else {
    discarded += 1;
    if (discarded > runs) throw new Error('src/ keeps changing: bin/septype runs the sources; try again later');
    await buildCli();
  }
}
if (discarded > 0) process.stdout.write(`${discarded} round(s) discarded: src/ changed during them (rebuilt)\n`);

const bare = quantile(times.get(cases[0]!)!, 0.5);
const rows = cases.map((c) => {
  const ms = times.get(c)!;
  const median = quantile(ms, 0.5);
  const ratio = median / bare;
  return {
    c,
    median,
    ratio,
    cells: [
      c.name,
      `${median.toFixed(0)} ms`,
      `${quantile(ms, 0.95).toFixed(0)} ms`,
      `${ratio.toFixed(2)}×`,
      c.held ? (ratio <= target ? 'met' : 'NOT MET') : '',
    ],
  };
});
const header = ['command', 'median', 'p95', '× bare node', `≤ ${target}×`];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
process.stdout.write(
  `command-line start, ${runs} runs each (interleaved, after one warm-up round); ${machine()}\n` +
    [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(r.cells))].join('\n') +
    '\n',
);
const held = rows.filter((r) => r.c.held);
report({
  benchmark: 'cli-start',
  figures:
    `bare node ${bare.toFixed(0)} ms; ` +
    held.map((r) => `${r.c.name.replace('septype ', '')} ${r.ratio.toFixed(1)}×`).join(', ') +
    ` (≤ ${target}×: ${held.every((r) => r.ratio <= target) ? 'met' : 'NOT MET'})`,
});
