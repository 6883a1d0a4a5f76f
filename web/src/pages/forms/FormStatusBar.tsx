import { Alert, Group, Stack, Text } from '@mantine/core';
import type { FormAddress } from '../../api/form-queries.ts';
import type { FormRecordView } from '../../api/types.ts';
import { FormStatusBadge } from '../../components/status.tsx';
import { formatInZone } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import type { FormAccess } from '../../layout/access.ts';
import { FormTransitions } from './FormTransitions.tsx';

interface FormStatusBarProps {
  address: FormAddress;
  record: FormRecordView;
  access: FormAccess;
  zone: string;
  /** The draft differs from the record: moving the form on would be about data that is not saved. */
  unsaved: boolean;
}

/** Where the form stands: its status, who verified and signed it (and what the signature means), its lock. */
export function FormStatusBar({ address, record, access, zone, unsaved }: FormStatusBarProps) {
  const t = useT();
  const { language } = useLanguage();
  const when = (iso: string) => formatInZone(iso, zone, language);
  const { verified, signature, lock } = record;
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4} data-testid="form-status">
          <Group gap="sm">
            <FormStatusBadge status={record.status} />
            {verified !== null && <Text size="sm">{t.forms.verifiedBy(verified.by, when(verified.at))}</Text>}
          </Group>
          {signature !== null && (
            <Text size="sm" data-testid="signature">
              {t.forms.signedBy(signature.by, when(signature.at))}. {t.forms.signatureMeaning(signature.meaning)}
            </Text>
          )}
        </Stack>
        <FormTransitions address={address} record={record} access={access} unsaved={unsaved} />
      </Group>
      {lock !== null && (
        <Alert color="gray" variant="light" data-testid="form-lock">
          {t.forms.lockedInfo(t.forms.lockLevels[lock.level] ?? lock.level, lock.lockedBy, when(lock.lockedAt))}
          {lock.reason !== null && ` ${lock.reason}`}
        </Alert>
      )}
    </Stack>
  );
}
