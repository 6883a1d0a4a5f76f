import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useT } from '../i18n/language.tsx';

/** The buttons under a form: Cancel, and the submit button (Save unless told otherwise). */
export function FormActions({
  onCancel,
  saving,
  submit,
}: {
  onCancel: () => void;
  saving: boolean;
  submit?: ReactNode;
}) {
  const t = useT();
  return (
    <Group justify="flex-end" mt="sm">
      <Button variant="default" onClick={onCancel}>
        {t.common.cancel}
      </Button>
      <Button type="submit" loading={saving}>
        {submit ?? t.common.save}
      </Button>
    </Group>
  );
}
