import { Modal, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { screeningEndpoints } from '../../api/endpoints.ts';
import { api, type BodyOf } from '../../api/client.ts';
import { useInvalidateStudyData } from '../../api/queries.ts';
import type { ScreeningView } from '../../api/types.ts';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { useT } from '../../i18n/language.tsx';
import { FormActions } from '../../components/FormActions.tsx';

export type ReasonOutcome = Exclude<BodyOf<typeof screeningEndpoints.setOutcome>['outcome'], 'approached'>;

interface OutcomeModalProps {
  target: { screening: ScreeningView; outcome: ReasonOutcome } | null;
  onClose: () => void;
}

/** Not approached and declined need a reason; the dialog asks for it. */
export function OutcomeModal({ target, onClose }: OutcomeModalProps) {
  const t = useT();
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={target === null ? '' : t.screening.outcomeTitle(t.screening.outcomes[target.outcome])}
      centered
    >
      {target !== null && <OutcomeForm screening={target.screening} outcome={target.outcome} onDone={onClose} />}
    </Modal>
  );
}

function OutcomeForm({
  screening,
  outcome,
  onDone,
}: {
  screening: ScreeningView;
  outcome: ReasonOutcome;
  onDone: () => void;
}) {
  const t = useT();
  const handleError = useErrorHandler();
  const invalidate = useInvalidateStudyData();
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: (value) => (value.trim() === '' ? t.screeningForm.required : null) },
  });
  const save = useMutation({
    mutationFn: (reason: string) =>
      api.call(screeningEndpoints.setOutcome, { params: { screeningId: screening.id }, body: { outcome, reason } }),
    onSuccess: async () => {
      notifySuccess(t.screening.outcomeSaved);
      await invalidate();
      onDone();
    },
    onError: (error) => handleError(error, form, ['reason']),
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values.reason.trim()))} noValidate>
      <Stack>
        <Textarea
          label={t.screening.outcomeReason}
          required
          autosize
          minRows={2}
          data-autofocus
          {...form.getInputProps('reason')}
        />
        <FormActions onCancel={onDone} saving={save.isPending} />
      </Stack>
    </form>
  );
}
