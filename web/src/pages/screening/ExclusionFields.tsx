import { ActionIcon, Button, Group, NumberInput, Radio, Select, Stack } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { Exclusion } from '../../../../src/protocol/eligibility.ts';
import { useT } from '../../i18n/language.tsx';
import type { ScreeningValues } from './screening-form.ts';

interface ExclusionFieldsProps {
  form: UseFormReturnType<ScreeningValues>;
  exclusions: readonly Exclusion[];
}

/** The protocol's exclusion questions, in its order: yes/no/unknown, and the corticosteroid list. */
export function ExclusionFields({ form, exclusions }: ExclusionFieldsProps) {
  const t = useT();
  const f = t.screeningForm;
  return (
    <Stack gap="sm">
      {exclusions.map((rule) =>
        rule.kind === 'flag' ? (
          <Radio.Group key={rule.code} label={rule.description} {...form.getInputProps(`eligibility.${rule.field}`)}>
            <Group gap="lg" mt={4}>
              <Radio value="no" label={t.screening.no} />
              <Radio value="yes" label={t.screening.yes} />
              <Radio value="" label={t.screening.unknown} />
            </Group>
          </Radio.Group>
        ) : (
          <Stack key={rule.code} gap={6}>
            <Radio.Group
              label={f.corticosteroids}
              description={f.steroidsHint(rule.thresholdMgKgDay, rule.moreThanDays)}
              {...form.getInputProps('steroids')}
            >
              <Group gap="lg" mt={4}>
                <Radio value="none" label={f.steroidsNone} />
                <Radio value="list" label={f.steroidsList} />
                <Radio value="unknown" label={f.steroidsUnknown} />
              </Group>
            </Radio.Group>
            {form.values.steroids === 'list' && (
              <SteroidList form={form} drugs={Object.keys(rule.prednisoneEquivalents)} />
            )}
          </Stack>
        ),
      )}
    </Stack>
  );
}

function SteroidList({ form, drugs }: { form: UseFormReturnType<ScreeningValues>; drugs: string[] }) {
  const t = useT();
  const f = t.screeningForm;
  const rows = form.values.eligibility.corticosteroids;
  return (
    <Stack gap="xs" pl="md">
      {rows.map((_row, index) => (
        <Group key={index} align="flex-end" gap="xs" wrap="nowrap">
          <Select
            label={f.drug}
            data={drugs}
            allowDeselect={false}
            w={180}
            {...form.getInputProps(`eligibility.corticosteroids.${index}.drug`)}
          />
          <NumberInput
            label={f.dailyDoseMg}
            min={0}
            hideControls
            w={130}
            {...form.getInputProps(`eligibility.corticosteroids.${index}.dailyDoseMg`)}
          />
          <NumberInput
            label={f.days}
            min={0}
            allowDecimal={false}
            hideControls
            w={110}
            {...form.getInputProps(`eligibility.corticosteroids.${index}.days`)}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            mb={4}
            aria-label={f.removeDrug(index + 1)}
            onClick={() => form.removeListItem('eligibility.corticosteroids', index)}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Group gap="md" align="flex-end">
        <Button
          variant="light"
          size="xs"
          onClick={() =>
            form.insertListItem('eligibility.corticosteroids', { drug: drugs[0] ?? '', dailyDoseMg: '', days: '' })
          }
        >
          {f.addDrug}
        </Button>
        <NumberInput label={f.weightKg} min={0} hideControls w={130} {...form.getInputProps('eligibility.weightKg')} />
      </Group>
    </Stack>
  );
}
