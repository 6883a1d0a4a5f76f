import { Divider, Modal, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { enrollmentEndpoints } from '../../api/endpoints.ts';
import { api } from '../../api/client.ts';
import { useInvalidateStudyData, useSiteToday } from '../../api/queries.ts';
import type { ScreeningView, SiteView, StudyProtocol } from '../../api/types.ts';
import { ConsentFields, initialConsent, toConsentCreate, type ConsentValues } from '../../components/ConsentFields.tsx';
import { DateField } from '../../components/DateFields.tsx';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { formatDay } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import {
  identityFields,
  initialIdentity,
  toIdentityInput,
  type IdentityValues,
} from '../../components/identity-form.ts';
import { FormActions } from '../../components/FormActions.tsx';

interface EnrollModalProps {
  screening: ScreeningView | null;
  onClose: () => void;
  site: SiteView;
  protocol: StudyProtocol;
}

export function EnrollModal({ screening, onClose, site, protocol }: EnrollModalProps) {
  const t = useT();
  return (
    <Modal opened={screening !== null} onClose={onClose} title={t.enrollment.title} size="lg">
      {screening !== null && <EnrollForm screening={screening} site={site} protocol={protocol} onCancel={onClose} />}
    </Modal>
  );
}

interface EnrollFormProps {
  screening: ScreeningView;
  site: SiteView;
  protocol: StudyProtocol;
  onCancel: () => void;
}

function EnrollForm({ screening, site, protocol, onCancel }: EnrollFormProps) {
  const t = useT();
  const { language } = useLanguage();
  const navigate = useNavigate();
  const handleError = useErrorHandler();
  const invalidate = useInvalidateStudyData();
  const today = useSiteToday(site);
  const form = useForm<{ identity: IdentityValues; consent: ConsentValues }>({
    initialValues: {
      identity: initialIdentity(null),
      consent: initialConsent(protocol, protocol.consent.types[0]?.code ?? '', today),
    },
  });

  const enroll = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.call(enrollmentEndpoints.enroll, {
        params: { screeningId: screening.id },
        body: {
          identity: toIdentityInput(values.identity),
          consent: toConsentCreate(values.consent, protocol),
        },
      }),
    onSuccess: async (participant) => {
      notifySuccess(t.enrollment.enrolled(participant.studyId));
      await invalidate();
      await navigate(`/participants/${participant.id}`);
    },
    onError: (error) => handleError(error, form, ['identity', 'consent']),
  });

  return (
    <form onSubmit={form.onSubmit((values) => enroll.mutate(values))} noValidate>
      <Stack gap="md">
        <Text size="sm">{t.enrollment.intro(formatDay(screening.screenedOn, language))}</Text>
        <Title order={3} size="h5">
          {t.enrollment.identityHeading}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {identityFields.map((field) =>
            field === 'dateOfBirth' ? (
              <DateField key={field} label={t.enrollment[field]} {...form.getInputProps(`identity.${field}`)} />
            ) : (
              <TextInput
                key={field}
                label={t.enrollment[field]}
                required={field === 'name' || field === 'hospitalNumber'}
                autoComplete="off"
                {...form.getInputProps(`identity.${field}`)}
              />
            ),
          )}
        </SimpleGrid>
        <Divider />
        <Title order={3} size="h5">
          {t.enrollment.consentHeading}
        </Title>
        <ConsentFields
          value={form.values.consent}
          onChange={(consent) => form.setFieldValue('consent', consent)}
          protocol={protocol}
          error={(field) => form.errors[`consent.${field}`]}
          allowRefusal={false}
        />
        <FormActions onCancel={onCancel} saving={enroll.isPending} submit={t.enrollment.submit} />
      </Stack>
    </form>
  );
}
