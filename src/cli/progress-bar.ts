/**
 * The generator's progress on stderr: a bar redrawn in place on a terminal (at most ten times a second), and a
 * plain line every 5 % when stderr is a file or a pipe (a CI log, `2> log`), where carriage returns would pile up.
 * Only our own text (numbers) is written, so nothing here needs making inert (src/cli/output.ts).
 */
export interface ProgressBar {
  update(done: number, total: number): void;
  finish(): void;
}

// Only numbers and the caller's fixed label are written (see above): nothing from the database to make inert.
// eslint-disable-next-line no-restricted-properties
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  // From the first step: the accounts made before it (password hashing) would skew the estimate.
  let started = 0;
  const tty = stream.isTTY === true;
  let lastDraw = 0;
  let lastStep = -1;
  let drawn = false;
  const timing = (done: number, total: number) => {
    const seconds = (Date.now() - started) / 1000;
    const left = done > 0 ? (seconds * (total - done)) / done : 0;
    return `${Math.round(seconds)} s, about ${Math.round(left)} s left`;
  };
  return {
    update(done, total) {
      if (started === 0) started = Date.now();
      const share = total === 0 ? 1 : done / total;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        const width = 30;
        const filled = Math.round(share * width);
        const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
        stream.write(
          `\r${label} [${bar}] ${(share * 100).toFixed(0).padStart(3)} % ${done}/${total} (${timing(done, total)})\x1b[K`,
        );
        drawn = true;
      } else {
        const step = Math.floor(share * 20);
        if (step === lastStep) return;
        lastStep = step;
        stream.write(`${label}: ${step * 5} % (${done}/${total} steps, ${timing(done, total)})\n`);
      }
    },
    finish() {
      if (tty && drawn) stream.write('\n');
    },
  };
}
