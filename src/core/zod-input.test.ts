import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { InputError } from './errors.ts';
import { inputMessages } from './messages.ts';
import { keyed } from './schemas.ts';
import { parseInput } from './zod-input.ts';

const person = z.strictObject({
  name: z.string().trim().min(1).max(5),
  age: z.number().int().min(0),
  sex: z.enum(['female', 'male']).optional(),
  code: z
    .string()
    .refine((c) => /^[A-Z]+$/.test(c), keyed(inputMessages.username()))
    .optional(),
  tubes: z.array(z.strictObject({ count: z.number().max(20) })).optional(),
});

function refusal(raw: unknown, options = {}): InputError {
  try {
    parseInput(person, raw, options);
  } catch (error) {
    return error as InputError;
  }
  throw new Error('accepted');
}

describe('a schema problem as an input error', () => {
  it('names the field, carries a translatable key with its parameters, and reads on its own in English', () => {
    expect(refusal({ age: 3 })).toMatchObject({ field: 'name', key: 'input.required', message: 'name: required' });
    expect(refusal({ name: 'Johanna', age: 3 })).toMatchObject({
      key: 'input.tooLong',
      params: { maximum: 5 },
      message: 'name: at most 5 characters',
    });
    expect(refusal({ name: ' ', age: 3 })).toMatchObject({ key: 'input.empty' });
    expect(refusal({ name: 'Jo', age: 2.5 })).toMatchObject({ field: 'age', key: 'input.notInteger' });
    expect(refusal({ name: 'Jo', age: 'old' })).toMatchObject({
      key: 'input.wrongType',
      params: { expected: 'number' },
    });
    expect(refusal({ name: 'Jo', age: 3, sex: 'x' })).toMatchObject({
      field: 'sex',
      key: 'input.notOneOf',
      params: { options: 'female, male' },
    });
  });

  it('gives the path of a nested field and names an unknown one', () => {
    expect(refusal({ name: 'Jo', age: 3, tubes: [{ count: 1 }, { count: 30 }] })).toMatchObject({
      field: 'tubes.1.count',
      key: 'input.tooBig',
    });
    expect(refusal({ name: 'Jo', age: 3, colour: 'red' })).toMatchObject({
      field: 'colour',
      key: 'input.unknownField',
      message: 'unknown field "colour"',
    });
  });

  it('keeps the key of a check of our own, and a check without one keeps only its English text', () => {
    expect(refusal({ name: 'Jo', age: 3, code: 'abc' })).toMatchObject({ field: 'code', key: 'input.username' });
    const plain = z.strictObject({ n: z.number().refine((v) => v !== 13, 'not 13') });
    expect(() => parseInput(plain, { n: 13 })).toThrow(
      expect.objectContaining({ key: undefined, message: 'n: not 13' }),
    );
  });

  it('uses the names a person knows the fields by, and names the whole input when the problem is the whole', () => {
    expect(refusal({ age: 3 }, { fieldNames: { name: '--name' } })).toMatchObject({
      field: '--name',
      message: '--name: required',
    });
    expect(refusal('not an object', { whole: 'body' })).toMatchObject({ field: 'body', key: 'input.wrongType' });
  });
});
