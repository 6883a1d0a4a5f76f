import { Button, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, TagsInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, isApiError, type BodyOf } from '../../api/client.ts';
import { analysisEndpoints } from '../../api/endpoints.ts';
import type { StudyProtocol } from '../../api/types.ts';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { errorText } from '../../i18n/error-text.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { analysisKeys } from './queries.ts';

interface StartValues {
  timepoint: string;
  seed: number | string;
  kFrom: number | string;
  kTo: number | string;
  resamples: number | string;
  suggestedK: boolean;
  k: number | string;
  names: string[];
  classifier: boolean;
  maxMarkers: number | string;
}

type FormField = keyof StartValues;

/** A number input's value, or nothing when it is empty (the API then says what it needs). */
const numberOf = (value: number | string): number | undefined => (typeof value === 'number' ? value : undefined);

/** The request body of a discovery from the form; options left at "suggested" or empty are not sent. */
export function specOf(values: StartValues): BodyOf<typeof analysisEndpoints.start> {
  const k = numberOf(values.k);
  return {
    timepoint: values.timepoint,
    seed: numberOf(values.seed) as number,
    kRange: [numberOf(values.kFrom) as number, numberOf(values.kTo) as number],
    resamples: numberOf(values.resamples),
    ...(values.suggestedK || k === undefined ? {} : { k }),
    ...(values.names.length === 0 ? {} : { names: values.names }),
    ...(values.classifier ? { classifier: { maxMarkers: numberOf(values.maxMarkers) } } : {}),
  };
}

/** The form field an input error of the API names (`kRange.1`, `classifier.maxMarkers`), if the form has it. */
export function formFieldOf(field: string): FormField | undefined {
  const [head = '', next] = field.split('.');
  if (head === 'kRange') return next === '1' ? 'kTo' : 'kFrom';
  if (head === 'classifier') return 'maxMarkers';
  return (['timepoint', 'seed', 'resamples', 'k', 'names'] as const).find((name) => name === head);
}

/** Seeds, resample counts, k and marker budgets are whole, non-negative numbers. */
const wholeNumber = { allowDecimal: false, allowNegative: false } as const;

/** Starts a discovery on the data at the caller's sites, then opens the run's page to follow it. */
export function StartRunForm({ protocol }: { protocol: StudyProtocol }) {
  const t = useT();
  const a = t.analysis;
  const { language } = useLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const handleError = useErrorHandler();
  const definition = protocol.analysis;
  const form = useForm<StartValues>({
    initialValues: {
      timepoint: definition.discoveryVisit,
      seed: 1,
      kFrom: 2,
      kTo: 8,
      resamples: 500,
      suggestedK: true,
      k: '',
      names: [],
      classifier: false,
      maxMarkers: 5,
    },
  });

  const start = useMutation({
    mutationFn: (values: StartValues) => api.call(analysisEndpoints.start, { body: specOf(values) }),
    onSuccess: async ({ runId }) => {
      notifySuccess(a.started(runId));
      await queryClient.invalidateQueries({ queryKey: analysisKeys.runs });
      await navigate(`/analysis/runs/${runId}`);
    },
    onError: (error) => {
      const field = isApiError(error) && error.field !== undefined ? formFieldOf(error.field) : undefined;
      if (field === undefined) handleError(error);
      else form.setFieldError(field, errorText(error, language, true));
    },
  });

  const visitName = (code: string) => protocol.visits.visits.find((v) => v.code === code)?.name ?? code;
  const visits = definition.visits.map((code) => ({ value: code, label: a.visitOption(code, visitName(code)) }));

  return (
    <form onSubmit={form.onSubmit((values) => start.mutate(values))} noValidate data-testid="start-run-form">
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          <Select
            label={a.timepoint}
            description={a.timepointHint}
            data={visits}
            allowDeselect={false}
            required
            {...form.getInputProps('timepoint')}
          />
          <NumberInput
            label={a.seed}
            description={a.seedHint}
            min={0}
            {...wholeNumber}
            required
            {...form.getInputProps('seed')}
          />
          <NumberInput
            label={a.resamples}
            description={a.resamplesHint}
            min={10}
            max={5000}
            {...wholeNumber}
            required
            {...form.getInputProps('resamples')}
          />
          <NumberInput
            label={a.kFrom}
            description={a.kRangeHint}
            min={2}
            max={12}
            {...wholeNumber}
            required
            {...form.getInputProps('kFrom')}
          />
          <NumberInput
            label={a.kTo}
            description={a.kRangeHint}
            min={2}
            max={12}
            {...wholeNumber}
            required
            {...form.getInputProps('kTo')}
          />
          <Stack gap="xs">
            <Checkbox
              label={a.suggestedK}
              description={a.suggestedKHint}
              {...form.getInputProps('suggestedK', { type: 'checkbox' })}
            />
            <NumberInput
              label={a.k}
              description={a.kHint}
              min={2}
              max={12}
              {...wholeNumber}
              disabled={form.values.suggestedK}
              {...form.getInputProps('k')}
            />
          </Stack>
        </SimpleGrid>
        <TagsInput label={a.names} description={a.namesHint} clearable {...form.getInputProps('names')} />
        <Group align="flex-start" gap="xl">
          <Checkbox
            label={a.classifier}
            description={a.classifierHint}
            {...form.getInputProps('classifier', { type: 'checkbox' })}
          />
          <NumberInput
            label={a.maxMarkers}
            min={1}
            max={20}
            w={160}
            {...wholeNumber}
            disabled={!form.values.classifier}
            {...form.getInputProps('maxMarkers')}
          />
        </Group>
        <Group justify="flex-end">
          <Button type="submit" loading={start.isPending}>
            {a.start}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
