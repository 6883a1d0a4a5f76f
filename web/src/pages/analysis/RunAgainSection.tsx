import { Button, Divider, Group, NumberInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import type { RunDetail } from '../../../../src/features/analysis/contract.ts';
import { api, type BodyOf } from '../../api/client.ts';
import { analysisEndpoints } from '../../api/endpoints.ts';
import { Section } from '../../components/Section.tsx';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { analysisKeys } from './queries.ts';

type Spec = BodyOf<typeof analysisEndpoints.start>;
type Result = NonNullable<RunDetail['result']>;

/**
 * Starts a new run from the spec the caller passes, then opens its page; an input error of the API goes to
 * `onError` (which shows it under a field when it can).
 */
function useStartRun(onError: (error: unknown) => void) {
  const a = useT().analysis;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (spec: Spec) => api.call(analysisEndpoints.start, { body: spec }),
    onSuccess: async ({ runId }) => {
      notifySuccess(a.started(runId));
      await queryClient.invalidateQueries({ queryKey: analysisKeys.runs });
      await navigate(`/analysis/runs/${runId}`);
    },
    onError,
  });
}

/** The spec without the immunotypes' names (they are for one k only). */
function withoutNames(spec: RunDetail['spec']): Spec {
  const { names: _names, ...rest } = spec;
  return rest;
}

/**
 * A finished run's next versions (issue 14 §2): the immunotypes named by the user at the run's k, the same spec
 * again (reproducibility), or another k overruling the suggestion. Each starts a new run, recorded as the
 * model's new version.
 */
export function RunAgainSection({ spec, result }: { spec: RunDetail['spec']; result: Result }) {
  const r = useT().analysisRun;
  return (
    <Section title={r.againHeading}>
      <Stack gap="md">
        <NamesForm spec={spec} result={result} />
        <Divider />
        <RepeatRun spec={spec} />
        <Divider />
        <OtherKForm spec={spec} k={result.k} />
      </Stack>
    </Section>
  );
}

function Part({ id, title, hint, children }: { id: string; title: string; hint: string; children: ReactNode }) {
  return (
    <Stack gap="xs" data-testid={id}>
      <Title order={3} size="h5" id={id}>
        {title}
      </Title>
      <Text size="sm" c="dimmed">
        {hint}
      </Text>
      {children}
    </Stack>
  );
}

function NamesForm({ spec, result }: { spec: RunDetail['spec']; result: Result }) {
  const r = useT().analysisRun;
  const { language } = useLanguage();
  const handleError = useErrorHandler();
  const form = useForm<{ names: string[] }>({
    initialValues: { names: result.immunotypes.map((type) => type.name) },
  });
  const fields = result.immunotypes.map((_, i) => `names.${i}`);
  const start = useStartRun((error) => handleError(error, form, fields));
  const submit = form.onSubmit(({ names }) => {
    // Two immunotypes with one name could not be told apart: said here under the second (the API names the list).
    const trimmed = names.map((name) => name.trim());
    const twice = trimmed.findIndex((name, i) => name !== '' && trimmed.indexOf(name) !== i);
    if (twice >= 0) {
      form.setFieldError(`names.${twice}`, r.nameTwice);
      return;
    }
    start.mutate({ ...spec, k: result.k, names: trimmed });
  });
  return (
    <Part id="run-again-names" title={r.namesHeading} hint={r.namesHint}>
      <form onSubmit={submit} noValidate aria-labelledby="run-again-names">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {result.immunotypes.map((type, i) => (
              <TextInput
                key={i}
                label={r.nameOf(type.name, formatNumber(type.size, language))}
                maxLength={60}
                required
                {...form.getInputProps(`names.${i}`)}
              />
            ))}
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" loading={start.isPending}>
              {r.namesStart}
            </Button>
          </Group>
        </Stack>
      </form>
    </Part>
  );
}

function RepeatRun({ spec }: { spec: RunDetail['spec'] }) {
  const r = useT().analysisRun;
  const handleError = useErrorHandler();
  const start = useStartRun((error) => handleError(error));
  return (
    <Part id="run-again-same" title={r.repeatHeading} hint={r.repeatHint}>
      <Group justify="flex-end">
        <Button variant="light" loading={start.isPending} onClick={() => start.mutate(spec)}>
          {r.repeatStart}
        </Button>
      </Group>
    </Part>
  );
}

function OtherKForm({ spec, k }: { spec: RunDetail['spec']; k: number }) {
  const r = useT().analysisRun;
  const handleError = useErrorHandler();
  const form = useForm<{ k: number | string }>({ initialValues: { k } });
  const start = useStartRun((error) => handleError(error, form, ['k']));
  const chosen = form.values.k;
  return (
    <Part id="run-again-k" title={r.otherKHeading} hint={r.otherKHint}>
      <form
        onSubmit={form.onSubmit((values) => start.mutate({ ...withoutNames(spec), k: values.k as number }))}
        noValidate
        aria-labelledby="run-again-k"
      >
        <Group align="flex-end" justify="space-between">
          <NumberInput
            label={r.otherK}
            min={2}
            max={12}
            w={260}
            allowDecimal={false}
            allowNegative={false}
            required
            {...form.getInputProps('k')}
          />
          <Button type="submit" variant="light" loading={start.isPending} disabled={typeof chosen !== 'number'}>
            {r.otherKStart}
          </Button>
        </Group>
      </form>
    </Part>
  );
}
