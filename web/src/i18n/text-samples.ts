/**
 * Every text of a message catalogue as a path and a sample of it (for tests that compare catalogues): functions
 * are called with numbers and strings for their parameters.
 */
export function textSamples(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') {
    const args = Array.from({ length: value.length }, (_, i) => (i % 2 === 0 ? 2 : 'x'));
    return [[path, String((value as (...a: unknown[]) => unknown)(...args))]];
  }
  return Object.entries(value as object).flatMap(([key, inner]) =>
    textSamples(inner, path === '' ? key : `${path}.${key}`),
  );
}
