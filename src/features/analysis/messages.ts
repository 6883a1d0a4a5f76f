import { defineMessages } from '../../core/messages.ts';

export const analysisMessages = defineMessages('analysis', {
  noRun: (p: { run: string }) => `no analysis run ${p.run}`,
  notFinished: (p: { run: string; status: string }) => `analysis run ${p.run} is ${p.status}, not finished`,
  notRunning: (p: { run: string }) => `analysis run ${p.run} is no longer running`,
  noClassifier: (p: { run: string }) => `analysis run ${p.run} made no classifier (its spec did not ask for one)`,
  noChromium: (p: { path: string }) =>
    `the PDF needs Chromium, which is not at ${p.path}: install Debian's chromium, or set SEPTYPE_CHROMIUM to its path`,
});
