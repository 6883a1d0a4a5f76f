import { Alert, Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import type { Ref } from 'react';
import type { FormStatus } from '../../api/types.ts';
import { useT } from '../../i18n/language.tsx';

/** Why the last save did not go through: the server's answer, and whether it was someone else's save first. */
export interface Refusal {
  text: string;
  stale: boolean;
}

interface FormSaveCardProps {
  /** The status the draft started from: from complete on, a change needs a reason. */
  status: FormStatus;
  askReason: boolean;
  reason: string;
  reasonError: string | null;
  reasonRef: Ref<HTMLInputElement>;
  onReason: (reason: string) => void;
  dirty: boolean;
  missing: number;
  warnings: number;
  /** Values the rules refuse are still in the draft. */
  blocked: boolean;
  refusal: Refusal | null;
  onReload: () => void;
  saving: boolean;
  /** False while the form is locked: nothing can be saved. */
  editable: boolean;
}

/** The end of the form: the reason for a change, where the draft stands, why a save was refused, and Save. */
export function FormSaveCard(props: FormSaveCardProps) {
  const t = useT();
  const f = t.forms;
  const { refusal } = props;
  return (
    <Card withBorder radius="md">
      <Stack gap="sm">
        {props.askReason && props.editable && (
          <TextInput
            ref={props.reasonRef}
            label={f.reason}
            description={f.reasonHint(t.formStatus[props.status])}
            withAsterisk={props.dirty}
            value={props.reason}
            error={props.reasonError}
            onChange={(e) => props.onReason(e.currentTarget.value)}
          />
        )}
        <Group gap="md" data-testid="form-summary">
          {props.missing > 0 && <Text size="sm">{f.missingSummary(props.missing)}</Text>}
          {props.warnings > 0 && (
            <Text size="sm" c="orange.9">
              {f.warningSummary(props.warnings)}
            </Text>
          )}
          {props.dirty && (
            <Text size="sm" fw={600}>
              {f.unsaved}
            </Text>
          )}
        </Group>
        {props.blocked && (
          <Alert color="red" role="alert">
            {f.fixErrors}
          </Alert>
        )}
        {refusal !== null && (
          <Alert color="red" role="alert" title={refusal.stale ? f.staleTitle : undefined}>
            <Text size="sm">{refusal.text}</Text>
            <Group mt="sm" gap="sm">
              <Button size="xs" variant="default" onClick={props.onReload}>
                {f.reload}
              </Button>
              {refusal.stale && <Text size="xs">{f.reloadNote}</Text>}
            </Group>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={props.saving} disabled={!props.editable}>
            {f.save}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
