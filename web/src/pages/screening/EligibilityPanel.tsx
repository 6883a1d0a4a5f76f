import { Alert, Badge, Group, List, Stack, Text } from '@mantine/core';
import type { EligibilityResult } from '../../../../src/clinical/eligibility.ts';
import type { StudyProtocol } from '../../api/types.ts';
import type { Messages } from '../../i18n/en.ts';
import { useT } from '../../i18n/language.tsx';

/** The reasons of a verdict in words: failed inclusions, then the exclusions met (by the protocol's description). */
export function eligibilityReasons(
  t: Messages,
  result: Pick<EligibilityResult, 'eligible' | 'exclusionsMet'> & { inclusionFailed: readonly string[] },
  protocol: StudyProtocol | undefined,
): string[] {
  const exclusion = (code: string) => {
    const rule = protocol?.eligibility.exclusions.find((r) => r.code === code);
    if (rule === undefined) return code;
    return rule.kind === 'flag' ? rule.description : t.screeningForm.corticosteroids;
  };
  const reasons = [
    ...result.inclusionFailed.map((code) => t.eligibility.inclusion[code] ?? code),
    ...result.exclusionsMet.map((code) => t.eligibility.excludedBy(exclusion(code))),
  ];
  if (!result.eligible && reasons.length === 0) reasons.push(t.eligibility.undecided);
  return reasons;
}

interface EligibilityPanelProps {
  result: EligibilityResult | { error: string };
  protocol: StudyProtocol;
}

/** The live verdict of the eligibility engine on what the form holds so far. */
export function EligibilityPanel({ result, protocol }: EligibilityPanelProps) {
  const t = useT();
  if ('error' in result) {
    return (
      <Alert color="red" variant="light" title={t.eligibility.heading} role="status" aria-live="polite">
        {t.eligibility.inputProblem} {result.error}
      </Alert>
    );
  }
  const reasons = eligibilityReasons(t, result, protocol);
  return (
    <Alert
      color={result.eligible ? 'teal' : 'orange'}
      variant="light"
      role="status"
      aria-live="polite"
      data-testid="eligibility-panel"
      title={
        <Group gap="sm">
          <span>{t.eligibility.heading}</span>
          <Badge color={result.eligible ? 'teal' : 'orange'} tt="none">
            {result.eligible ? t.eligibility.eligible : t.eligibility.notEligible}
          </Badge>
        </Group>
      }
    >
      <Stack gap={6}>
        <Text size="xs" c="dimmed">
          {t.eligibility.live}
        </Text>
        {reasons.length > 0 && (
          <List size="sm" aria-label={t.eligibility.reasons}>
            {reasons.map((reason) => (
              <List.Item key={reason}>{reason}</List.Item>
            ))}
          </List>
        )}
        <details>
          <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-sm)' }}>
            {t.eligibility.notes}
          </summary>
          <List size="xs" mt={4}>
            {result.notes.map((note, index) => (
              <List.Item key={index}>{note}</List.Item>
            ))}
          </List>
        </details>
      </Stack>
    </Alert>
  );
}
