import { describe, expect, it } from 'vitest';
import { study } from '../../protocol/nct07273344/protocol.ts';
import { scheduleColumns, slotOf } from './slots.ts';

const protocol = study.current;

describe('where a form is filled in', () => {
  it('at its visits, per ICU day, or once', () => {
    expect(slotOf(protocol, 'labs', 'D3')).toEqual({ slot: 'D3', visit: 'D3', icuDay: null });
    expect(slotOf(protocol, 'sofa2_day', 'day-12')).toEqual({ slot: 'day-12', visit: null, icuDay: 12 });
    expect(slotOf(protocol, 'treatments', 'once')).toEqual({ slot: 'once', visit: null, icuDay: null });
  });

  it('refuses another slot, naming where the form belongs, and an unknown form', () => {
    expect(() => slotOf(protocol, 'labs', 'M3')).toThrow(/at D0, D3, DIS/);
    expect(() => slotOf(protocol, 'sofa2_day', 'D0')).toThrow(/per ICU day/);
    expect(() => slotOf(protocol, 'sofa2_day', 'day-366')).toThrow(/per ICU day/);
    expect(() => slotOf(protocol, 'treatments', 'D0')).toThrow(/once/);
    expect(() => slotOf(protocol, 'nope', 'D0')).toThrow(/unknown form/);
  });

  it('lists the status matrix columns in visit order, daily forms as one', () => {
    const columns = scheduleColumns(protocol).map((c) => `${c.form}/${c.slot}`);
    expect(columns.indexOf('labs/D0')).toBeLessThan(columns.indexOf('labs/D3'));
    expect(columns.indexOf('labs/DIS')).toBeLessThan(columns.indexOf('follow_up/M3'));
    expect(columns.filter((c) => c.startsWith('sofa2_day'))).toEqual(['sofa2_day/days']);
  });
});
