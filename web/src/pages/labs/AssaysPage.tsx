import { Alert, Loader, Stack, Text } from '@mantine/core';
import { useAssays } from '../../api/lab-queries.ts';
import { useStudy } from '../../api/queries.ts';
import { useErrorText } from '../../components/errors.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useT } from '../../i18n/language.tsx';
import { AssayCard } from './AssayCard.tsx';

/** The assay catalogue: each assay's current version with its analytes; older versions on demand. */
export function AssaysPage() {
  const t = useT();
  const a = t.assays;
  const errorText = useErrorText();
  const assays = useAssays();
  const study = useStudy();
  const sampleTypeName = (code: string) =>
    study.data?.samplePlan.sampleTypes.find((type) => type.code === code)?.name ?? code;
  const current = (assays.data ?? []).filter((assay) => assay.current);

  return (
    <>
      <PageHeader title={a.title} intro={a.intro} />
      {assays.isPending && <Loader m="lg" aria-label={t.common.loading} />}
      {assays.isError && (
        <Alert color="red" role="alert">
          {errorText(assays.error)}
        </Alert>
      )}
      {assays.data !== undefined && current.length === 0 && <Text c="dimmed">{a.empty}</Text>}
      <Stack gap="lg">
        {current.map((assay) => (
          <AssayCard
            key={assay.code}
            assay={assay}
            sampleType={sampleTypeName(assay.sampleType)}
            older={(assays.data ?? [])
              .filter((other) => other.code === assay.code && !other.current)
              .sort((x, y) => y.version - x.version)}
          />
        ))}
      </Stack>
    </>
  );
}
