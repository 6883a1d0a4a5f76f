/**
 * The one way the command line writes to the terminal (lint keeps process.stdout and process.stderr to this
 * file). Text from the database or typed by other people (a display name, a site name, a value an error
 * names) may hold terminal control sequences: `ESC[2J` clears the screen, OSC 52 writes the clipboard, OSC 8
 * disguises a link, a bidirectional override shows text in another order than it reads. So every value
 * interpolated into a line is made inert, while the command's own text keeps its line breaks and tabs; JSON
 * escapes what a terminal would act on, and still parses to the same values.
 */

declare const inert: unique symbol;

/** Text a terminal shows as it reads: made by `line`, so every value in it is inert. */
export type TerminalLine = string & { readonly [inert]: true };

/**
 * A line (or lines) for a person: line`created ${name}`. The template's own text is kept as written; each
 * interpolated value is made inert and kept on one line.
 */
export function line(strings: TemplateStringsArray, ...values: unknown[]): TerminalLine {
  return strings.reduce(
    (text, literal, i) => text + (i === 0 ? '' : terminalText(values[i - 1])) + literal,
    '',
  ) as TerminalLine;
}

/** Writes each line on stdout, each ended by a line break. */
export function print(...lines: TerminalLine[]): void {
  process.stdout.write(lines.map((l) => `${l}\n`).join(''));
}

/** As `print`, on stderr: messages and errors, so that stdout keeps only results. */
export function printError(...lines: TerminalLine[]): void {
  process.stderr.write(lines.map((l) => `${l}\n`).join(''));
}

/** The command line's own text (usage, help), which holds nothing from outside the program. */
export function printOwnText(text: string): void {
  process.stdout.write(text);
}

/** A result for scripts, as JSON on stdout (or an error body on stderr), one value per call. */
export function printJson(value: unknown, options: { to?: 'stdout' | 'stderr'; indent?: number } = {}): void {
  const stream = options.to === 'stderr' ? process.stderr : process.stdout;
  stream.write(`${terminalSafeJson(value, options.indent ?? 2)}\n`);
}

/**
 * Calls `then` once stdout and stderr have taken everything written: process.exit right after a large write to
 * a pipe would cut the output short (at 64 KB).
 */
export function afterFlush(then: () => void): void {
  process.stdout.write('', () => process.stderr.write('', then));
}

/**
 * ESC (or its 8-bit form) and what a terminal reads with it: a CSI up to its final byte; an OSC, DCS, SOS, PM
 * or APC string up to its terminator (BEL or ST), or to the end of the value when it has none, since the
 * terminal would otherwise swallow what the command prints next; any other escape with its final byte.
 */
const controlSequence = new RegExp(
  [
    String.raw`(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?`,
    String.raw`(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?`,
    String.raw`\u001b[ -/]*[0-~]?`,
  ].join('|'),
  'g',
);
/** Breaks and tabs inside a value would forge lines or shift a table's columns: they read as a space. */
const breaks = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controls = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A value as inert text on one line: no control sequences, control characters or bidirectional overrides. */
export function terminalText(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return text.replace(controlSequence, '').replace(breaks, ' ').replace(controls, '');
}

/** What JSON.stringify leaves raw that a terminal acts on: DEL, C1 controls, line separators, bidi overrides. */
const unsafeInJson = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON.stringify escapes the C0 controls (ESC becomes \u001b) but leaves these raw; as \uXXXX escapes the JSON
 * parses to the same values. They can only occur inside strings, so escaping them keeps the JSON valid.
 */
export function terminalSafeJson(value: unknown, indent = 2): string {
  const json = JSON.stringify(value, null, indent) ?? 'null';
  return json.replace(unsafeInJson, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
