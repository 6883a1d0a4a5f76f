import { Anchor, Badge, Button, Menu, Stack, Table, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { screeningEndpoints } from '../../api/endpoints.ts';
import { api } from '../../api/client.ts';
import { useInvalidateStudyData } from '../../api/queries.ts';
import type { ScreeningView, SiteView, StudyProtocol } from '../../api/types.ts';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { OutcomeBadge } from '../../components/status.tsx';
import { formatDay, formatInZone } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { eligibilityReasons } from './EligibilityPanel.tsx';
import type { ReasonOutcome } from './OutcomeModal.tsx';
import { enrollableOutcomes, nextOutcomes } from '../../../../src/features/screening/contract.ts';

interface ScreeningTableProps {
  screenings: ScreeningView[];
  site: SiteView;
  protocol: StudyProtocol | undefined;
  canWrite: boolean;
  onOutcome: (screening: ScreeningView, outcome: ReasonOutcome) => void;
  onEnroll: (screening: ScreeningView) => void;
}

/** The steps the server accepts from an outcome (its own rules, from the contract), and enrollment. */
function nextSteps(outcome: ScreeningView['outcome']): readonly string[] {
  return [...(nextOutcomes[outcome] ?? []), ...(enrollableOutcomes.includes(outcome) ? ['enroll'] : [])];
}

export function ScreeningTable({ screenings, site, protocol, canWrite, onOutcome, onEnroll }: ScreeningTableProps) {
  const t = useT();
  const s = t.screening;
  const { language } = useLanguage();
  const handleError = useErrorHandler();
  const invalidate = useInvalidateStudyData();
  const approach = useMutation({
    mutationFn: (screening: ScreeningView) =>
      api.call(screeningEndpoints.setOutcome, {
        params: { screeningId: screening.id },
        body: { outcome: 'approached' },
      }),
    onSuccess: async () => {
      notifySuccess(s.outcomeSaved);
      await invalidate();
    },
    onError: (error) => handleError(error),
  });

  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
        <Table.Caption className="visually-hidden">{s.tableCaption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{s.screenedOn}</Table.Th>
            <Table.Th scope="col">{s.admission}</Table.Th>
            <Table.Th scope="col">{s.age}</Table.Th>
            <Table.Th scope="col">{s.sofa2}</Table.Th>
            <Table.Th scope="col">{s.eligibility}</Table.Th>
            <Table.Th scope="col">{s.outcome}</Table.Th>
            <Table.Th scope="col">
              <span className="visually-hidden">{t.common.actions}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {screenings.map((screening) => {
            const reasons = eligibilityReasons(t, screening.eligibility, protocol);
            const day = formatDay(screening.screenedOn, language);
            const steps = nextSteps(screening.outcome);
            return (
              <Table.Tr key={screening.id} data-screening-id={screening.id}>
                <Table.Td>{day}</Table.Td>
                <Table.Td>
                  {screening.icuAdmissionAt === null
                    ? '—'
                    : formatInZone(screening.icuAdmissionAt, site.timeZone, language)}{' '}
                  · {s.settings[screening.setting] ?? screening.setting}
                </Table.Td>
                <Table.Td>{screening.ageYears ?? '—'}</Table.Td>
                <Table.Td>{screening.sofa2Total ?? '—'}</Table.Td>
                <Table.Td maw={320}>
                  <Stack gap={2}>
                    <Badge variant="light" tt="none" color={screening.eligibility.eligible ? 'teal' : 'orange'}>
                      {screening.eligibility.eligible ? t.eligibility.eligible : t.eligibility.notEligible}
                    </Badge>
                    {reasons.map((reason) => (
                      <Text key={reason} size="xs" c="dimmed">
                        {reason}
                      </Text>
                    ))}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <OutcomeBadge outcome={screening.outcome} />
                    {screening.outcomeReason !== null && (
                      <Text size="xs" c="dimmed">
                        {screening.outcomeReason}
                      </Text>
                    )}
                    {screening.participant !== null && (
                      <Anchor component={Link} to={`/participants/${screening.participant.id}`} size="sm">
                        {screening.participant.studyId}
                      </Anchor>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td ta="right">
                  {canWrite && steps.length > 0 && (
                    <Menu position="bottom-end" shadow="md">
                      <Menu.Target>
                        <Button size="xs" variant="default" aria-label={s.rowActions(day)}>
                          {t.common.actions}
                        </Button>
                      </Menu.Target>
                      <Menu.Dropdown>
                        {steps.includes('approached') && (
                          <Menu.Item onClick={() => approach.mutate(screening)}>{s.markApproached}</Menu.Item>
                        )}
                        {steps.includes('not_approached') && (
                          <Menu.Item onClick={() => onOutcome(screening, 'not_approached')}>
                            {s.markNotApproached}
                          </Menu.Item>
                        )}
                        {steps.includes('declined') && (
                          <Menu.Item onClick={() => onOutcome(screening, 'declined')}>{s.markDeclined}</Menu.Item>
                        )}
                        {steps.includes('enroll') && (
                          <>
                            <Menu.Divider />
                            <Menu.Item onClick={() => onEnroll(screening)}>{s.enroll}</Menu.Item>
                          </>
                        )}
                      </Menu.Dropdown>
                    </Menu>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
