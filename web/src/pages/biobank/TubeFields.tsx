import {
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { StudyProtocol } from '../../api/types.ts';
import { DateTimeField } from '../../components/DateFields.tsx';
import { useT } from '../../i18n/language.tsx';
import { aliquotRowsFor, type ProcessValues } from './process-form.ts';

interface TubeFieldsProps {
  form: UseFormReturnType<ProcessValues>;
  index: number;
  protocol: StudyProtocol;
  /** The tube types the visit drew. */
  tubeTypes: string[];
  zone: string;
}

/** One tube of the "Process tubes" form: its type, label, times, centrifugation and the aliquots made from it. */
export function TubeFields({ form, index, protocol, tubeTypes, zone }: TubeFieldsProps) {
  const t = useT();
  const p = t.processing;
  const plan = protocol.samplePlan;
  const tube = form.values.tubes[index]!;
  const path = (field: string) => `tubes.${index}.${field}`;
  const number = `${index + 1}`;
  const typeName = (code: string) => plan.sampleTypes.find((type) => type.code === code)?.name ?? code;
  const tubeName = (code: string) => plan.tubes.find((type) => type.code === code)?.name ?? code;

  return (
    <Card withBorder radius="sm" p="sm" component="fieldset" aria-label={p.tubeLegend(number, tubeName(tube.tubeType))}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-end">
          <Text fw={700}>{p.tubeLegend(number, tubeName(tube.tubeType))}</Text>
          <Button
            size="xs"
            variant="subtle"
            color="red"
            aria-label={p.removeTubeAria(number)}
            onClick={() => form.removeListItem('tubes', index)}
          >
            {p.removeTube}
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label={p.tubeType}
            data={[...new Set(tubeTypes)].map((code) => ({ value: code, label: tubeName(code) }))}
            {...form.getInputProps(path('tubeType'))}
            onChange={(event) => {
              const tubeType = event.currentTarget.value;
              form.setFieldValue(path('tubeType'), tubeType);
              form.setFieldValue(path('aliquots'), aliquotRowsFor(plan, tubeType));
            }}
          />
          <TextInput label={p.tubeBarcode} description={p.tubeBarcodeHint} {...form.getInputProps(path('barcode'))} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {(['drawnAt', 'receivedAt', 'processedAt'] as const).map((field) => (
            <DateTimeField
              key={field}
              label={p[field]}
              description={t.screeningForm.zoneHint(zone)}
              required
              {...form.getInputProps(path(field))}
            />
          ))}
        </SimpleGrid>
        <Checkbox label={p.centrifuged} {...form.getInputProps(path('centrifuged'), { type: 'checkbox' })} />
        {tube.centrifuged && (
          <SimpleGrid cols={3}>
            <NumberInput label={p.g} min={1} required {...form.getInputProps(path('g'))} />
            <NumberInput label={p.spinMinutes} min={1} required {...form.getInputProps(path('minutes'))} />
            <NumberInput
              label={p.temperature}
              min={-20}
              max={40}
              required
              {...form.getInputProps(path('temperatureC'))}
            />
          </SimpleGrid>
        )}
        {tube.aliquots.length > 0 && (
          <Table verticalSpacing={4} withRowBorders={false}>
            <Table.Caption className="visually-hidden">{p.aliquotsCaption(number)}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{p.sampleType}</Table.Th>
                <Table.Th scope="col">{p.volumeUl}</Table.Th>
                <Table.Th scope="col">{p.count}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tube.aliquots.map((row, j) => (
                <Table.Tr key={row.sampleType}>
                  <Table.Td>{typeName(row.sampleType)}</Table.Td>
                  <Table.Td>
                    <NumberInput
                      size="xs"
                      min={1}
                      aria-label={p.volumeAria(typeName(row.sampleType), number)}
                      {...form.getInputProps(path(`aliquots.${j}.volumeUl`))}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      size="xs"
                      min={0}
                      max={50}
                      allowDecimal={false}
                      aria-label={p.countAria(typeName(row.sampleType), number)}
                      {...form.getInputProps(path(`aliquots.${j}.count`))}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {form.errors[path('aliquots')] !== undefined && (
          <Text size="sm" c="red" role="alert">
            {form.errors[path('aliquots')]}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
