import { describe, expect, it } from 'vitest';
import { Memo } from './memo.ts';

describe('the memo', () => {
  it('computes each key of each owner once', () => {
    const memo = new Memo<number>(10);
    const a = {};
    const b = {};
    let computed = 0;
    const get = (owner: object, key: string, value: number) =>
      memo.get(owner, key, () => {
        computed += 1;
        return value;
      });
    expect(get(a, 'x', 1)).toBe(1);
    expect(get(a, 'x', 2)).toBe(1);
    expect(get(b, 'x', 3)).toBe(3);
    expect(computed).toBe(2);
  });

  it('starts afresh when full', () => {
    const memo = new Memo<number>(2);
    const owner = {};
    memo.get(owner, 'a', () => 1);
    memo.get(owner, 'b', () => 2);
    memo.get(owner, 'c', () => 3); // full: emptied, then c kept
    expect(memo.get(owner, 'a', () => 4)).toBe(4);
    expect(memo.get(owner, 'c', () => 5)).toBe(3);
  });
});
