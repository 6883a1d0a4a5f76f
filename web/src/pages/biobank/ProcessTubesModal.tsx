import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import type { TubeView } from '../../api/biobank-types.ts';
import { api } from '../../api/client.ts';
import { samplesEndpoints } from '../../api/endpoints.ts';
import { useInvalidateSamples } from '../../api/sample-queries.ts';
import type { StudyProtocol, VisitTimelineEntry } from '../../api/types.ts';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { useT } from '../../i18n/language.tsx';
import { isoToLocalInput, nowLocalInput } from '../../i18n/site-time.ts';
import {
  newTube,
  toProcessingRequest,
  tubesToProcess,
  visitTubeTypes,
  type ProcessingRequest,
  type ProcessValues,
} from './process-form.ts';
import { TubeFields } from './TubeFields.tsx';

interface ProcessTubesModalProps {
  participantId: number;
  /** The visit whose tubes are processed; null: closed. */
  visit: VisitTimelineEntry | null;
  /** The visit's tubes processed before. */
  processed: TubeView[];
  protocol: StudyProtocol;
  zone: string;
  onClose: () => void;
}

export function ProcessTubesModal({ visit, onClose, ...rest }: ProcessTubesModalProps) {
  const t = useT();
  return (
    <Modal
      opened={visit !== null}
      onClose={onClose}
      title={visit === null ? '' : t.processing.title(visit.name)}
      size="xl"
    >
      {visit !== null && <ProcessTubesForm visit={visit} onDone={onClose} {...rest} />}
    </Modal>
  );
}

function ProcessTubesForm({
  participantId,
  visit,
  processed,
  protocol,
  zone,
  onDone,
}: Omit<ProcessTubesModalProps, 'visit' | 'onClose'> & { visit: VisitTimelineEntry; onDone: () => void }) {
  const t = useT();
  const p = t.processing;
  const plan = protocol.samplePlan;
  const handleError = useErrorHandler();
  const invalidate = useInvalidateSamples();
  const recorded = visit.record?.tubes ?? [];
  const tubeTypes = visitTubeTypes(plan, visit.visit, recorded);
  // The tubes were drawn at the visit: its time is where the three times start (the lab corrects them).
  const time = visit.record?.occurredAt != null ? isoToLocalInput(visit.record.occurredAt, zone) : nowLocalInput(zone);
  const form = useForm<ProcessValues>({
    initialValues: {
      tubes: tubesToProcess(plan, visit.visit, recorded, processed).map((type) => newTube(plan, type, time)),
    },
    validate: {
      tubes: {
        g: (value, values, path) => required(value, values, path, t.processing.required),
        minutes: (value, values, path) => required(value, values, path, t.processing.required),
        temperatureC: (value, values, path) => required(value, values, path, t.processing.required),
      },
    },
  });
  const save = useMutation({
    mutationFn: (request: ProcessingRequest) =>
      api.call(samplesEndpoints.process, { params: { participantId, visit: visit.visit }, body: request.body }),
    onSuccess: async () => {
      notifySuccess(p.saved(visit.name));
      await invalidate();
      onDone();
    },
    // The server names fields of its request; the form's rows without a count were left out of it.
    onError: (error, request) =>
      handleError(error, { setFieldError: (field, message) => form.setFieldError(request.formField(field), message) }, [
        'tubes',
      ]),
  });
  const submit = (values: ProcessValues) => save.mutate(toProcessingRequest(values, zone));
  const recordedText = recorded.map((c) => `${c.count} × ${c.tube}`).join(', ');

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate aria-label={p.title(visit.name)}>
      <Stack>
        <Text size="sm" c="dimmed">
          {recordedText === '' ? p.intro : `${p.intro} ${p.recorded(recordedText)}`}
          {processed.length > 0 && ` ${p.processedBefore(processed.length)}`}
        </Text>
        {form.values.tubes.length === 0 && <Text>{p.noTubesLeft}</Text>}
        {form.values.tubes.map((tube, index) => (
          <TubeFields key={tube.key} form={form} index={index} protocol={protocol} tubeTypes={tubeTypes} zone={zone} />
        ))}
        {form.errors.tubes !== undefined && (
          <Text size="sm" c="red" role="alert">
            {form.errors.tubes}
          </Text>
        )}
        <Group>
          {tubeTypes.length > 0 && (
            <Button
              variant="light"
              size="xs"
              onClick={() => form.insertListItem('tubes', newTube(plan, tubeTypes[0]!, time))}
            >
              {p.addTube}
            </Button>
          )}
        </Group>
        <FormActions onCancel={onDone} saving={save.isPending} submit={p.submit} />
      </Stack>
    </form>
  );
}

/** A centrifugation setting is needed when the tube was centrifuged. */
function required(value: number | string, values: ProcessValues, path: string, message: string): string | null {
  const index = Number(/^tubes\.(\d+)\./.exec(path)?.[1]);
  return values.tubes[index]?.centrifuged === true && value === '' ? message : null;
}
