import type { DemoResult } from './generate.ts';

/** The truth file's header, exactly (issue 13). */
export const truthHeader = 'studyId,visit,immunotype';

/** The planted immunotype per participant and sampled visit as CSV; the values need no quoting (codes only). */
export function truthCsv(truth: DemoResult['truth']): string {
  return `${[truthHeader, ...truth.map((row) => `${row.studyId},${row.visit},${row.immunotype}`)].join('\n')}\n`;
}
