import { Alert, Badge, Button, FileInput, Group, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { FhirProposals, FhirSlotProposal } from '../../../../src/features/fhir/contract.ts';
import type { FormDefinition } from '../../../../src/protocol/forms.ts';
import { api } from '../../api/client.ts';
import { crfEndpoints, fhirEndpoints } from '../../api/endpoints.ts';
import { useInvalidateFormData } from '../../api/form-queries.ts';
import type { StudyProtocol } from '../../api/types.ts';
import { notifySuccess, useErrorHandler, useErrorText } from '../../components/errors.ts';
import { Section } from '../../components/Section.tsx';
import { formatInZone, formatNumber } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { acceptedSave } from './fhir-accept.ts';

/**
 * Pre-filling forms from the hospital record (docs/fhir.md): the coordinator loads the patient's FHIR bundle, reads
 * the proposals per ICU day and visit with their sources and what could not be used, and accepts a slot into its
 * form. Accepting reads the form as it is now and saves it with the proposals over it, through the form's own
 * endpoint: nothing is written without that press of a button.
 */
export function FhirSection({
  participantId,
  protocol,
  zone,
}: {
  participantId: number;
  protocol: StudyProtocol;
  zone: string;
}) {
  const t = useT();
  const x = t.fhir;
  const errorText = useErrorText();
  const [file, setFile] = useState<File | null>(null);
  const [notJson, setNotJson] = useState(false);
  const [accepted, setAccepted] = useState<ReadonlySet<string>>(new Set());
  const propose = useMutation({
    mutationFn: (bundle: Record<string, unknown>) =>
      api.call(fhirEndpoints.propose, {
        params: { participantId },
        body: { bundle: bundle as { resourceType: 'Bundle' } },
      }),
    onSuccess: () => setAccepted(new Set()),
  });

  async function read(chosen: File | null) {
    setFile(chosen);
    setNotJson(false);
    propose.reset();
    if (chosen === null) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await chosen.text());
    } catch {
      setNotJson(true);
      return;
    }
    propose.mutate(parsed as Record<string, unknown>);
  }

  const result = propose.data;
  return (
    <Section title={x.heading}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {x.intro}
        </Text>
        <FileInput
          label={x.file}
          accept=".json,application/json,application/fhir+json"
          value={file}
          onChange={(chosen) => void read(chosen)}
          clearable
          maw={420}
        />
        {notJson && (
          <Alert color="red" role="alert">
            {x.notJson}
          </Alert>
        )}
        {propose.isPending && <Loader size="sm" aria-label={x.reading} />}
        {propose.isError && (
          <Alert color="red" role="alert">
            {errorText(propose.error)}
          </Alert>
        )}
        {result !== undefined && (
          <Proposals
            participantId={participantId}
            protocol={protocol}
            zone={zone}
            result={result}
            accepted={accepted}
            onAccepted={(key) => setAccepted(new Set([...accepted, key]))}
          />
        )}
      </Stack>
    </Section>
  );
}

function Proposals({
  participantId,
  protocol,
  zone,
  result,
  accepted,
  onAccepted,
}: {
  participantId: number;
  protocol: StudyProtocol;
  zone: string;
  result: FhirProposals;
  accepted: ReadonlySet<string>;
  onAccepted: (key: string) => void;
}) {
  const t = useT();
  const x = t.fhir;
  const { language } = useLanguage();
  const when = (iso: string | null) => (iso === null ? '…' : formatInZone(iso, zone, language));
  const slots = [...result.days, ...result.visits];
  return (
    <Stack gap="md" data-testid="fhir-proposals">
      <Text size="sm">
        {result.encounter === null ? x.noStay : x.stay(when(result.encounter.start), when(result.encounter.end))} ·{' '}
        {x.counts(result.counts.entries, result.counts.used)}
      </Text>
      {slots.length === 0 && <Text c="dimmed">{x.nothing}</Text>}
      {slots.map((slot) => (
        <SlotCard
          key={`${slot.form}/${slot.slot}`}
          participantId={participantId}
          form={protocol.forms.forms.find((f) => f.id === slot.form)}
          zone={zone}
          slot={slot}
          accepted={accepted.has(`${slot.form}/${slot.slot}`)}
          onAccepted={() => onAccepted(`${slot.form}/${slot.slot}`)}
        />
      ))}
      <Title order={3} size="h5">
        {x.findings(result.findings.length)}
      </Title>
      {result.findings.length === 0 ? (
        <Text size="sm" c="dimmed">
          {x.noFindings}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing={4} fz="sm" id="fhir-findings">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{x.kind}</Table.Th>
                <Table.Th scope="col">{x.resource}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.findings.map((finding, index) => (
                <Table.Tr key={index}>
                  <Table.Td>{x.kinds[finding.kind](finding.params)}</Table.Td>
                  <Table.Td>
                    {finding.source === null
                      ? '—'
                      : `${finding.source.resourceType}/${finding.source.id ?? `#${finding.source.index}`}`}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function SlotCard({
  participantId,
  form,
  zone,
  slot,
  accepted,
  onAccepted,
}: {
  participantId: number;
  form: FormDefinition | undefined;
  zone: string;
  slot: FhirSlotProposal;
  accepted: boolean;
  onAccepted: () => void;
}) {
  const t = useT();
  const x = t.fhir;
  const { language } = useLanguage();
  const onError = useErrorHandler();
  const invalidate = useInvalidateFormData();
  const [reason, setReason] = useState('');
  const labels = new Map(form?.groups.flatMap((g) => g.items.map((i) => [i.id, i.label] as const)) ?? []);
  const title = slot.icuDay === null ? x.visit(slot.visit ?? slot.slot) : x.day(slot.icuDay);
  const accept = useMutation({
    mutationFn: async () => {
      const params = { participantId, form: slot.form, slot: slot.slot };
      const record = await api.call(crfEndpoints.read, { params });
      const body = acceptedSave(form!, record, slot, reason.trim() === '' ? null : reason.trim());
      return api.call(crfEndpoints.save, { params, body });
    },
    onSuccess: async () => {
      notifySuccess(x.acceptedMessage(title));
      onAccepted();
      await invalidate();
    },
    onError: (error) => onError(error),
  });
  const shown = (value: string | number | boolean, unit: string | null) => {
    if (typeof value === 'boolean') return value ? x.yes : x.no;
    if (typeof value === 'number') return `${formatNumber(value, language)}${unit === null ? '' : ` ${unit}`}`;
    return /T\d\d:/.test(value) ? formatInZone(value, zone, language) : value;
  };
  return (
    <Stack gap={4} component="section" aria-label={title} data-testid={`fhir-slot-${slot.form}-${slot.slot}`}>
      <Group justify="space-between">
        <Title order={3} size="h5">
          {form?.label ?? slot.form} · {title}
        </Title>
        <Group gap="xs">
          {accepted ? (
            <Badge color="teal" variant="light">
              {x.accepted}
            </Badge>
          ) : (
            <>
              <TextInput
                size="xs"
                w={260}
                aria-label={x.reason}
                placeholder={x.reason}
                value={reason}
                onChange={(event) => setReason(event.currentTarget.value)}
              />
              <Button
                size="xs"
                onClick={() => accept.mutate()}
                loading={accept.isPending}
                disabled={form === undefined}
              >
                {x.accept}
              </Button>
            </>
          )}
        </Group>
      </Group>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{x.item}</Table.Th>
              <Table.Th scope="col">{x.value}</Table.Th>
              <Table.Th scope="col">{x.source}</Table.Th>
              <Table.Th scope="col">{x.check}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {slot.items.map((item) => (
              <Table.Tr key={item.item}>
                <Table.Td>{labels.get(item.item) ?? item.item}</Table.Td>
                <Table.Td fw={600}>{shown(item.value, item.unit)}</Table.Td>
                <Table.Td>
                  {item.sources.map((source) => (
                    <Text key={source.index} size="xs">
                      {source.time === null ? '' : `${formatInZone(source.time, zone, language)}: `}
                      {source.value === null ? '' : `${formatNumber(source.value, language)} ${source.unit ?? ''} `}(
                      {source.resourceType}/{source.id ?? `#${source.index}`})
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {item.check ?? ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
