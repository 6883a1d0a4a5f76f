import { describe, expect, it } from 'vitest';
import { rng } from '../../stats/random.ts';
import { plantParticipant, plantSample } from './participant.ts';

describe('a planted participant', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(plantParticipant(rng(1))).toEqual(plantParticipant(rng(1)));
    const draw = (seed: number) => {
      const r = rng(seed);
      return Array.from({ length: 20 }, () => plantParticipant(r));
    };
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('survives when discharged alive, starts its trajectory at its type, and is sampled by its type at a visit', () => {
    const r = rng(2);
    for (let i = 0; i < 200; i++) {
      const participant = plantParticipant(r);
      expect(participant.survivor).toBe(participant.outcomes.dischargeDay !== null);
      expect(participant.trajectory.D0).toBe(participant.immunotype);
      const sample = plantSample(r, participant, 'D3');
      expect(Object.keys(sample)).toContain('ferritin');
    }
  });
});
