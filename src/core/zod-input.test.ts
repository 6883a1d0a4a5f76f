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

describe('characters no input may hold', () => {
  const note = z.strictObject({
    reason: z.string(),
    items: z.array(z.string()).optional(),
    extra: z.record(z.string(), z.string()).optional(),
  });
  const refused = (raw: unknown, options = {}) => {
    try {
      parseInput(note, raw, options);
    } catch (error) {
      return error as InputError;
    }
    throw new Error('accepted');
  };

  it('refuses NUL, other control characters and lone surrogates, naming the field and the character', () => {
    expect(refused({ reason: 'a\u0000b' })).toMatchObject({
      field: 'reason',
      key: 'input.badCharacter',
      params: { character: 'U+0000' },
      message: 'reason: contains U+0000, which is not allowed (a control character or broken Unicode)',
    });
    for (const [text, character] of [
      ['\u001b[2J', 'U+001B'],
      ['bell\u0007', 'U+0007'],
      ['\u007f', 'U+007F'],
      ['\u0085', 'U+0085'],
      ['half \ud800 pair', 'U+D800'],
      ['\udc00 first', 'U+DC00'],
      ['\udc00\ud800', 'U+DC00'],
    ] as const) {
      expect(refused({ reason: text }), JSON.stringify(text)).toMatchObject({ params: { character } });
    }
  });

  it('keeps tab, line breaks and every well-formed character beyond the controls (free text has them)', () => {
    const text = 'line one\r\nline two\ttabbed 😀 é ü ‮ ﻿';
    expect(parseInput(note, { reason: text })).toEqual({ reason: text });
  });

  it('checks every text at any depth, and keys as well, before the schema (whatever it says)', () => {
    expect(refused({ reason: 'ok', items: ['fine', 'x\u0000'] })).toMatchObject({ field: 'items.1' });
    expect(refused({ reason: 'ok', extra: { 'k\u0001': 'v' } })).toMatchObject({
      field: 'extra.k\uFFFD',
      params: { character: 'U+0001' },
    });
    // A field the schema does not know is refused for its character first: nothing reaches a database.
    expect(refused({ reason: 'ok', unknown: '\u0000' })).toMatchObject({ key: 'input.badCharacter' });
    expect(refused('\u0000', { whole: 'body' })).toMatchObject({ field: 'body', key: 'input.badCharacter' });
  });

  it('reports the first problem in reading order', () => {
    expect(refused({ reason: '\u0001', items: ['\u0002'] })).toMatchObject({ params: { character: 'U+0001' } });
  });

  it('walks a deeply nested input without overflowing the stack, and names a short field', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    const error = refused({ reason: 'ok', items: deep });
    expect(error.key).toBe('input.badCharacter');
    expect(error.field!.length).toBeLessThanOrEqual(121);
  });
});

describe('quoting the input in a message', () => {
  it('quotes a short excerpt of an unknown field, however long its name', () => {
    const name = 'n'.repeat(200_000);
    const error = refusal({ name: 'Jo', age: 3, [name]: 1 });
    expect(error.key).toBe('input.unknownField');
    expect(error.message.length).toBeLessThan(100);
    expect(error.field!.length).toBeLessThanOrEqual(121);
  });
});
