import { Group, List, Stack, Text } from '@mantine/core';
import type { Calibration } from '../../api/biobank-types.ts';
import { formatDay, formatNumber } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';

/** The Quantibrite bead calibration an HLA-DR value in AB/C was converted with. */
export function CalibrationDetails({ calibration }: { calibration: Calibration }) {
  const t = useT();
  const c = t.results.calibrationDetails;
  const { language } = useLanguage();
  const number = (value: number, digits: number) => formatNumber(value, language, digits);
  const facts: [string, string][] = [
    [c.run, `${calibration.runLabel} · ${formatDay(calibration.acquiredOn, language)}`],
    [c.beadLot, calibration.beadLot],
    [c.beads, String(calibration.beads.length)],
    [c.slope, number(calibration.slope, 4)],
    [c.intercept, number(calibration.intercept, 4)],
    [c.r2, number(calibration.r2, 4)],
  ];
  return (
    <Stack gap={4} data-testid="calibration">
      <Group gap="lg" component="dl" m={0}>
        {facts.map(([label, value]) => (
          <div key={label}>
            <Text component="dt" size="xs" c="dimmed">
              {label}
            </Text>
            <Text component="dd" size="sm" fw={600} m={0}>
              {value}
            </Text>
          </div>
        ))}
      </Group>
      {calibration.warnings.length > 0 && (
        <List size="sm" c="orange.8" aria-label={c.warnings}>
          {calibration.warnings.map((warning) => (
            <List.Item key={warning}>{warning}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
