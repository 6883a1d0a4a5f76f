import { Alert, Group, Modal, NumberInput, Radio, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { bloodVolume } from '../../../../src/protocol/samples.ts';
import { visitsEndpoints } from '../../api/endpoints.ts';
import { api } from '../../api/client.ts';
import { useInvalidateStudyData, useSiteToday } from '../../api/queries.ts';
import type { ParticipantDetail, StudyProtocol, VisitRecordCreate, VisitTimelineEntry } from '../../api/types.ts';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { useT } from '../../i18n/language.tsx';
import { isoToLocalInput, localInputToIso, nowLocalInput } from '../../i18n/site-time.ts';
import { useCurrentSite } from '../../layout/current-site.tsx';
import { DateTimeField } from '../../components/DateFields.tsx';
import { FormActions } from '../../components/FormActions.tsx';

interface RecordVisitModalProps {
  visit: VisitTimelineEntry | null;
  participant: ParticipantDetail;
  protocol: StudyProtocol;
  zone: string;
  onClose: () => void;
}

export function RecordVisitModal({ visit, participant, protocol, zone, onClose }: RecordVisitModalProps) {
  const t = useT();
  return (
    <Modal
      opened={visit !== null}
      onClose={onClose}
      title={visit === null ? '' : t.visits.recordTitle(visit.name)}
      size="lg"
    >
      {visit !== null && (
        <VisitForm visit={visit} participant={participant} protocol={protocol} zone={zone} onDone={onClose} />
      )}
    </Modal>
  );
}

interface VisitValues {
  outcome: 'done' | 'missed';
  occurredAt: string;
  bloodDrawn: 'yes' | 'no';
  noBloodReason: string;
  tubes: Record<string, number | string>;
  missedReason: string;
  volumeDeviationReason: string;
  reason: string;
}

const fields = [
  'outcome',
  'occurredAt',
  'bloodDrawn',
  'noBloodReason',
  'tubes',
  'missedReason',
  'volumeDeviationReason',
  'reason',
];
const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

function VisitForm({
  visit,
  participant,
  protocol,
  zone,
  onDone,
}: Omit<RecordVisitModalProps, 'visit' | 'onClose'> & { visit: VisitTimelineEntry; onDone: () => void }) {
  const t = useT();
  const v = t.visits;
  const { site } = useCurrentSite();
  const today = useSiteToday(site);
  const handleError = useErrorHandler();
  const invalidate = useInvalidateStudyData();
  const plan = protocol.samplePlan;
  const planned = plan.perVisit[visit.visit] ?? [];
  const record = visit.record;
  const form = useForm<VisitValues>({
    initialValues: {
      outcome: record?.outcome ?? 'done',
      // A new record starts at now: the date from the server's clock (as the visit windows are), the time of
      // day from the site's wall clock (not the browser's zone, which the field's zone hint would contradict).
      occurredAt:
        record?.occurredAt != null
          ? isoToLocalInput(record.occurredAt, zone)
          : `${today}T${nowLocalInput(zone).slice(11)}`,
      bloodDrawn: record?.bloodDrawn === false ? 'no' : 'yes',
      noBloodReason: record?.noBloodReason ?? '',
      tubes: Object.fromEntries(
        plan.tubes.map((tube) => [
          tube.code,
          (record !== null && record.tubes.length > 0 ? record.tubes : planned).find((c) => c.tube === tube.code)
            ?.count ?? 0,
        ]),
      ),
      missedReason: record?.missedReason ?? '',
      volumeDeviationReason: '',
      reason: '',
    },
  });
  const values = form.values;
  const tubes = plan.tubes
    .map((tube) => ({
      tube: tube.code,
      count: typeof values.tubes[tube.code] === 'number' ? Number(values.tubes[tube.code]) : 0,
    }))
    .filter((c) => c.count > 0);
  const volume = bloodVolume(plan, tubes);

  const save = useMutation({
    mutationFn: (input: VisitRecordCreate) =>
      api.call(visitsEndpoints.record, { params: { participantId: participant.id }, body: input }),
    onSuccess: async () => {
      notifySuccess(v.saved(visit.name));
      // Awaited before closing: the timeline behind the dialog shows the server's new status, not the old one.
      await invalidate();
      onDone();
    },
    onError: (error) => handleError(error, form, fields),
  });
  const submit = (vals: VisitValues) => {
    const drawn = vals.bloodDrawn === 'yes';
    save.mutate(
      vals.outcome === 'missed'
        ? {
            visit: visit.visit,
            outcome: 'missed',
            missedReason: orNull(vals.missedReason),
            reason: orNull(vals.reason),
          }
        : {
            visit: visit.visit,
            outcome: 'done',
            occurredAt: localInputToIso(vals.occurredAt, zone) ?? vals.occurredAt,
            bloodDrawn: drawn,
            noBloodReason: drawn ? null : orNull(vals.noBloodReason),
            tubes: drawn ? tubes : null,
            volumeDeviationReason: drawn && !volume.withinLimit ? orNull(vals.volumeDeviationReason) : null,
            reason: orNull(vals.reason),
          },
    );
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <Radio.Group label={v.outcome} {...form.getInputProps('outcome')}>
          <Group mt={4}>
            <Radio value="done" label={v.outcomes.done} />
            <Radio value="missed" label={v.outcomes.missed} />
          </Group>
        </Radio.Group>
        {values.outcome === 'missed' ? (
          <Textarea label={v.missedReason} required autosize {...form.getInputProps('missedReason')} />
        ) : (
          <>
            <DateTimeField
              label={v.occurredAt}
              description={t.screeningForm.zoneHint(zone)}
              required
              {...form.getInputProps('occurredAt')}
            />
            <Radio.Group label={v.bloodDrawn} {...form.getInputProps('bloodDrawn')}>
              <Group mt={4}>
                <Radio value="yes" label={t.screening.yes} />
                <Radio value="no" label={t.screening.no} />
              </Group>
            </Radio.Group>
            {values.bloodDrawn === 'no' ? (
              <Textarea label={v.noBloodReason} required autosize {...form.getInputProps('noBloodReason')} />
            ) : (
              <Stack gap="xs">
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  {plan.tubes.map((tube) => (
                    <NumberInput
                      key={tube.code}
                      label={tube.name}
                      min={0}
                      max={20}
                      allowDecimal={false}
                      {...form.getInputProps(`tubes.${tube.code}`)}
                    />
                  ))}
                </SimpleGrid>
                {form.errors.tubes !== undefined && (
                  <Text size="sm" c="red" role="alert">
                    {form.errors.tubes}
                  </Text>
                )}
                <Text size="sm" fw={600} c={volume.withinLimit ? undefined : 'red'} data-testid="blood-total">
                  {v.total(volume.totalMl, plan.maxBloodMlPerVisit)}
                </Text>
                {!volume.withinLimit && (
                  <>
                    <Alert color="red" variant="light">
                      {v.overLimit(volume.overLimitMl)}
                    </Alert>
                    <Textarea
                      label={v.volumeDeviationReason}
                      required
                      autosize
                      {...form.getInputProps('volumeDeviationReason')}
                    />
                  </>
                )}
              </Stack>
            )}
          </>
        )}
        {record !== null && <Textarea label={v.changeReason} required autosize {...form.getInputProps('reason')} />}
        <FormActions onCancel={onDone} saving={save.isPending} />
      </Stack>
    </form>
  );
}
