import {
  Divider,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useMemo } from 'react';
import { assessEligibility } from '../../../../src/clinical/eligibility.ts';
import { scoreSofa2Input } from '../../../../src/clinical/sofa/sofa2.ts';
import { screeningEndpoints } from '../../api/endpoints.ts';
import { api } from '../../api/client.ts';
import { useInvalidateStudyData, useSiteToday } from '../../api/queries.ts';
import type { ScreeningCreated, SiteView, StudyProtocol } from '../../api/types.ts';
import { notifySuccess, useErrorHandler, useErrorText } from '../../components/errors.ts';
import { useT } from '../../i18n/language.tsx';
import { EligibilityPanel } from './EligibilityPanel.tsx';
import { ExclusionFields } from './ExclusionFields.tsx';
import {
  eligibilityRaw,
  initialScreening,
  sofaRaw,
  toScreeningCreate,
  type ScreeningValues,
} from './screening-form.ts';
import { SofaFields } from './SofaFields.tsx';
import { DateField, DateTimeField } from '../../components/DateFields.tsx';
import { FormActions } from '../../components/FormActions.tsx';

const fields = ['screenedOn', 'icuAdmissionAt', 'setting', 'sex', 'hospitalNumber', 'eligibility', 'sofa2'] as const;

interface NewScreeningModalProps {
  opened: boolean;
  onClose: () => void;
  site: SiteView;
  protocol: StudyProtocol;
  onSaved: (created: ScreeningCreated) => void;
}

export function NewScreeningModal({ opened, onClose, site, protocol, onSaved }: NewScreeningModalProps) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={onClose} title={t.screening.newScreening} size="xl">
      {/* Mounted only while open: useForm reads its initial values once, so each screening starts empty. */}
      {opened && <ScreeningForm site={site} protocol={protocol} onSaved={onSaved} onCancel={onClose} />}
    </Modal>
  );
}

interface ScreeningFormProps {
  site: SiteView;
  protocol: StudyProtocol;
  onSaved: (created: ScreeningCreated) => void;
  onCancel: () => void;
}

function ScreeningForm({ site, protocol, onSaved, onCancel }: ScreeningFormProps) {
  const errorText = useErrorText();
  const t = useT();
  const f = t.screeningForm;
  const s = t.screening;
  const handleError = useErrorHandler();
  const invalidate = useInvalidateStudyData();
  const today = useSiteToday(site);
  const form = useForm<ScreeningValues>({
    initialValues: initialScreening(today),
    validate: {
      icuAdmissionAt: (value) => (value === '' ? f.required : null),
      screenedOn: (value) => (value === '' ? f.required : null),
    },
  });
  const values = form.values;

  // The engines run in the browser on every change: the nurse sees the verdict before saving.
  const sofa = useMemo(() => {
    if (values.sofaMode !== 'computed') return null;
    try {
      return scoreSofa2Input(sofaRaw(values));
    } catch (error) {
      return { error: errorText(error) };
    }
  }, [values]);
  const eligibility = useMemo(() => {
    const total = sofa !== null && !('error' in sofa) ? sofa.total : null;
    try {
      return assessEligibility(eligibilityRaw(values, total), protocol.eligibility);
    } catch (error) {
      return { error: errorText(error) };
    }
  }, [values, sofa, protocol]);

  const save = useMutation({
    mutationFn: (v: ScreeningValues) =>
      api.call(screeningEndpoints.create, { params: { siteId: site.id }, body: toScreeningCreate(v, site.timeZone) }),
    onSuccess: async (created) => {
      notifySuccess(s.saved);
      await invalidate();
      onSaved(created);
    },
    onError: (error) => handleError(error, form, fields),
  });

  const options = <K extends string>(labels: Record<K, string>, blank?: string) => [
    ...(blank === undefined ? [] : [{ value: '', label: blank }]),
    ...Object.entries<string>(labels).map(([value, label]) => ({ value, label })),
  ];

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <DateField label={f.screenedOn} required {...form.getInputProps('screenedOn')} />
          <DateTimeField
            label={f.icuAdmissionAt}
            description={f.zoneHint(site.timeZone)}
            required
            // Admission is on or just before the screening day: open the calendar there, not on today's month.
            defaultDate={values.screenedOn === '' ? undefined : values.screenedOn}
            {...form.getInputProps('icuAdmissionAt')}
          />
          <NativeSelect label={f.setting} data={options(s.settings)} {...form.getInputProps('setting')} />
          <NativeSelect label={f.sex} data={options(s.sexes, f.notGiven)} {...form.getInputProps('sex')} />
          <TextInput
            label={f.hospitalNumber}
            description={f.hospitalNumberHint}
            autoComplete="off"
            {...form.getInputProps('hospitalNumber')}
          />
          <NumberInput
            label={f.ageYears}
            min={0}
            max={130}
            allowDecimal={false}
            hideControls
            {...form.getInputProps('eligibility.ageYears')}
          />
          <NativeSelect
            label={f.infection}
            data={options(s.infections, f.choose)}
            {...form.getInputProps('eligibility.infection')}
          />
          <NativeSelect
            label={f.admissionType}
            data={options(s.admissionTypes, f.choose)}
            {...form.getInputProps('eligibility.admissionType')}
          />
        </SimpleGrid>

        <Divider />
        <Title order={3} size="h5">
          {f.sofa2Heading}
        </Title>
        <SegmentedControl
          aria-label={f.sofa2Mode}
          data={[
            { value: 'entered', label: f.sofa2Entered },
            { value: 'computed', label: f.sofa2Computed },
          ]}
          {...form.getInputProps('sofaMode')}
        />
        <Group grow align="flex-start">
          {values.sofaMode === 'entered' && (
            <NumberInput
              label={f.sofa2Total}
              min={0}
              max={24}
              allowDecimal={false}
              hideControls
              {...form.getInputProps('eligibility.sofa2Total')}
            />
          )}
          {values.eligibility.admissionType === 'hospitalized' && (
            <NumberInput
              label={f.baselineSofa2}
              description={f.baselineHint}
              min={0}
              max={24}
              allowDecimal={false}
              hideControls
              {...form.getInputProps('eligibility.baselineSofa2')}
            />
          )}
        </Group>
        {values.sofaMode === 'computed' && <SofaFields form={form} score={sofa} />}

        <Divider />
        <Title order={3} size="h5">
          {f.exclusionsHeading}
        </Title>
        <ExclusionFields form={form} exclusions={protocol.eligibility.exclusions} />

        <EligibilityPanel result={eligibility} protocol={protocol} />
        <FormActions onCancel={onCancel} saving={save.isPending} submit={f.save} />
      </Stack>
    </form>
  );
}
