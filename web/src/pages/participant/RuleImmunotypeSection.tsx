import { Alert, Badge, Table, Text, type MantineColor } from '@mantine/core';
import type { ruleTypeView } from '../../../../src/features/analysis/contract.ts';
import type { z } from 'zod';
import { useSignedIn } from '../../api/session.tsx';
import { analysisEndpoints } from '../../api/endpoints.ts';
import type { StudyProtocol } from '../../api/types.ts';
import { useErrorText } from '../../components/errors.ts';
import { Section } from '../../components/Section.tsx';
import { useT } from '../../i18n/language.tsx';
import { mayCall } from '../../../../src/core/endpoint.ts';
import { useRuleImmunotypes } from '../analysis/queries.ts';

type RuleImmunotype = z.infer<typeof ruleTypeView>['immunotype'];

const typeColor: Record<RuleImmunotype, MantineColor> = {
  MALS: 'red',
  immunoparalysis: 'violet',
  intermediate: 'blue',
  unclassifiable: 'gray',
};

/**
 * The participant's rule-based immunotype (ImmunoSep: ferritin and monocyte HLA-DR) at each sampled visit with
 * a result, and why; for those who may read the participant at its site.
 */
export function RuleImmunotypeSection({
  participantId,
  siteId,
  protocol,
}: {
  participantId: number;
  siteId: number;
  protocol: StudyProtocol;
}) {
  const t = useT();
  const s = t.ruleImmunotype;
  const { user } = useSignedIn();
  const allowed = mayCall(analysisEndpoints.ruleTypes, user.memberships, siteId);
  const errorText = useErrorText();
  const types = useRuleImmunotypes(participantId, allowed);
  if (!allowed || types.isPending) return null;
  if (types.isError) {
    return (
      <Section title={s.heading}>
        <Alert color="red" role="alert">
          {errorText(types.error)}
        </Alert>
      </Section>
    );
  }
  const visitName = (code: string) => protocol.visits.visits.find((v) => v.code === code)?.name ?? code;
  return (
    <Section title={s.heading}>
      {types.data.visits.length === 0 ? (
        <Text c="dimmed">{s.none}</Text>
      ) : (
        <Table verticalSpacing={6} captionSide="bottom" data-testid="rule-immunotypes">
          <Table.Caption>{s.caption(types.data.ruleSet, types.data.version)}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{s.visit}</Table.Th>
              <Table.Th scope="col">{s.immunotype}</Table.Th>
              <Table.Th scope="col">{s.reason}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {types.data.visits.map((row) => (
              <Table.Tr key={row.visit} data-visit={row.visit}>
                <Table.Th scope="row" fw={500}>
                  {visitName(row.visit)}
                </Table.Th>
                <Table.Td>
                  <Badge
                    variant="light"
                    tt="none"
                    w="max-content"
                    color={typeColor[row.immunotype]}
                    data-immunotype={row.immunotype}
                  >
                    {s.types[row.immunotype]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{row.reason}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}
