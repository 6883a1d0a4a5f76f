import { describe, expect, it } from 'vitest';
import { textSamples as texts } from '../../i18n/text-samples.ts';
import { enDashboardTexts } from '../../i18n/en-dashboards.ts';
import { nlDashboardTexts } from '../../i18n/nl-dashboards.ts';

describe('the dashboards’ texts', () => {
  const en = new Map(texts(enDashboardTexts));
  const nl = new Map(texts(nlDashboardTexts));

  it('exist in Dutch for every English text (the keyed maps too), and none is empty', () => {
    expect([...nl.keys()]).toEqual([...en.keys()]);
    expect([...en, ...nl].filter(([, text]) => text.trim() === '')).toEqual([]);
  });

  it('are merged into both catalogues without replacing a text of another page', async () => {
    const { en: all } = await import('../../i18n/en.ts');
    const { nl: alle } = await import('../../i18n/nl.ts');
    for (const key of Object.keys(enDashboardTexts)) {
      expect(all[key as keyof typeof all]).toBe(enDashboardTexts[key as keyof typeof enDashboardTexts]);
      expect(alle[key as keyof typeof alle]).toBe(nlDashboardTexts[key as keyof typeof nlDashboardTexts]);
    }
  });

  it('say how many were enrolled of the target, as the recruitment test reads it', () => {
    expect(enDashboardTexts.dashRecruitment.summary('123', '400')).toBe('123 of 400 enrolled');
    expect(enDashboardTexts.dashRecruitment.projected('1 Jun 2028')).toBe('projected completion: 1 Jun 2028');
  });
});
