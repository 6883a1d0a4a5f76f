import { Checkbox, Group, NumberInput, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { SofaResult } from '../../../../src/clinical/sofa/result.ts';
import { organs } from '../../../../src/clinical/sofa/result.ts';
import { useT } from '../../i18n/language.tsx';
import { sofaFlagFields, sofaNumberFields, type ScreeningValues } from './screening-form.ts';

interface SofaFieldsProps {
  form: UseFormReturnType<ScreeningValues>;
  /** The live score, or the engine's complaint about the input. */
  score: SofaResult | { error: string } | null;
}

/** A small SOFA-2 calculator: the organ variables, and the organ scores the engine gives them. */
export function SofaFields({ form, score }: SofaFieldsProps) {
  const t = useT();
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {sofaNumberFields.map((field) => (
          <NumberInput
            key={field}
            label={t.sofa[field]}
            decimalScale={3}
            hideControls
            {...form.getInputProps(`sofa2.${field}`)}
          />
        ))}
      </SimpleGrid>
      <Group gap="lg">
        {sofaFlagFields.map((field) => (
          <Checkbox key={field} label={t.sofa[field]} {...form.getInputProps(`sofa2.${field}`, { type: 'checkbox' })} />
        ))}
      </Group>
      {score !== null && 'error' in score && (
        <Text c="red" size="sm" role="alert">
          {score.error}
        </Text>
      )}
      {score !== null && !('error' in score) && (
        <Table withTableBorder maw={420} data-testid="sofa-scores">
          <Table.Caption className="visually-hidden">{t.sofa.caption}</Table.Caption>
          <Table.Tbody>
            {organs.map((organ) => (
              <Table.Tr key={organ}>
                <Table.Th scope="row" fw={400}>
                  {t.sofa.organs[organ]}
                </Table.Th>
                <Table.Td>{score.components[organ] ?? t.sofa.notMeasured}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th scope="row">{t.sofa.total}</Table.Th>
              <Table.Td fw={700}>{score.total}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
