import { z } from 'zod';
import { dateRanges, missingCodes, type CaseReportForms } from './forms.ts';

/**
 * The case report forms as a schema: part of what `/api/study` answers, so the web app renders forms from the
 * same definitions the server checks with. The documented types are in forms.ts; a compile-time check keeps the
 * two the same shape. (Whether the expressions make sense is src/ecrf's compile step.)
 */

const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();
const text = z.string().min(1);
const range = z.strictObject({ min: z.number().optional(), max: z.number().optional() });

const calculation = z.union([
  z.strictObject({ expression: text }),
  z.strictObject({ calculator: text, inputs: z.record(z.string(), text).readonly(), output: text }),
]);

const item = z.strictObject({
  id: text,
  label: text,
  type: z.enum([
    'text',
    'integer',
    'decimal',
    'date',
    'datetime',
    'single_choice',
    'multiple_choice',
    'yes_no',
    'calculated',
  ]),
  unit: text.optional(),
  conversions: list(z.strictObject({ unit: text, factor: z.number(), offset: z.number().optional() })).optional(),
  precision: z.number().int().min(0).max(10).optional(),
  codeList: text.optional(),
  required: z.boolean().optional(),
  hardRange: range.optional(),
  softRange: range.optional(),
  showWhen: text.optional(),
  requireWhen: text.optional(),
  calculation: calculation.optional(),
  allowedMissing: list(z.enum(missingCodes)).optional(),
  dateRange: z.enum(dateRanges).optional(),
});

const check = z.strictObject({
  id: text,
  severity: z.enum(['hard', 'soft']),
  expression: text,
  message: text,
  items: list(text),
});

export const caseReportFormsSchema = z.strictObject({
  codeLists: list(z.strictObject({ id: text, options: list(z.strictObject({ code: text, label: text })) })),
  forms: list(
    z.strictObject({
      id: text,
      version: text,
      label: text,
      groups: list(
        z.strictObject({
          id: text,
          label: text,
          repeating: z.boolean().optional(),
          showWhen: text.optional(),
          items: list(item),
        }),
      ),
      checks: list(check).optional(),
    }),
  ),
  schedule: list(
    z.strictObject({
      form: text,
      visits: list(text).optional(),
      perIcuDay: z.boolean().optional(),
      once: z.boolean().optional(),
    }),
  ),
  prednisoneEquivalents: z.record(text, z.number().positive()).readonly().optional(),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.output<typeof caseReportFormsSchema>, CaseReportForms> = true;
void sameShape;
