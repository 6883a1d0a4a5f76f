import type { z } from 'zod';

/** Invalid input to a clinical rule: names the field (as a dotted path) so a form or the CLI can point at it. */
export class ClinicalInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ClinicalInputError';
  }
}

/** Parses with a zod schema; the first problem becomes a ClinicalInputError naming the field. */
export function parseClinical<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const keys = (issue as { keys?: string[] } | undefined)?.keys;
  const path = issue?.path.map(String) ?? [];
  const field = [...path, ...(keys?.slice(0, 1) ?? [])].join('.') || 'input';
  const message =
    issue?.code === 'unrecognized_keys' ? `unknown field "${field}"` : `${field}: ${issue?.message ?? 'invalid value'}`;
  throw new ClinicalInputError(field, message);
}
