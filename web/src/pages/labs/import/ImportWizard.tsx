import { Alert, Button, Card, Stack, Stepper, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { ImportPreview, ImportReport, ImportRequest } from '../../../api/biobank-types.ts';
import { api, isApiError } from '../../../api/client.ts';
import { labsEndpoints } from '../../../api/endpoints.ts';
import { useInvalidateLabData } from '../../../api/lab-queries.ts';
import { useErrorText } from '../../../components/errors.ts';
import { useT } from '../../../i18n/language.tsx';
import { initialColumns, mappingOf, problemsOf, readAsBase64, type ColumnChoice } from './import-file.ts';
import { MappingStep } from './MappingStep.tsx';
import { ReportStep } from './ReportStep.tsx';
import { UploadStep, type UploadChoice } from './UploadStep.tsx';

interface ReadFile extends UploadChoice {
  content: string;
  preview: ImportPreview;
}

/** The import wizard: upload → mapping → validation report (a dry run) → commit. */
export function ImportWizard() {
  const t = useT();
  const w = t.labImport;
  const errorText = useErrorText();
  const invalidate = useInvalidateLabData();
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<ReadFile | null>(null);
  const [columns, setColumns] = useState<ColumnChoice | null>(null);
  const [saveMapping, setSaveMapping] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [imported, setImported] = useState<ImportReport | null>(null);

  const request = (read: ReadFile, extra: Partial<ImportRequest>): ImportRequest => ({
    format: read.format,
    lab: read.lab === '' ? null : read.lab,
    fileName: read.file.name,
    content: read.content,
    separator: read.separator === '' ? null : read.separator,
    mapping: columns === null ? null : mappingOf(read.preview, read.format, columns),
    ...extra,
  });

  const preview = useMutation({
    mutationFn: async (choice: UploadChoice): Promise<ReadFile> => {
      const content = await readAsBase64(choice.file);
      const answer = await api.call(labsEndpoints.preview, {
        body: {
          format: choice.format,
          content,
          separator: choice.separator === '' ? null : choice.separator,
          lab: choice.lab === '' ? null : choice.lab,
        },
      });
      return { ...choice, content, preview: answer };
    },
    onSuccess: (read) => {
      setFile(read);
      setColumns(initialColumns(read.preview));
      setSaveMapping(false);
      setStep(1);
    },
  });
  const check = useMutation({
    mutationFn: (read: ReadFile) => api.call(labsEndpoints.import, { body: request(read, { dryRun: true }) }),
    onSuccess: (answer) => {
      setReport(answer);
      setRefusal(null);
      setStep(2);
    },
  });
  const commit = useMutation({
    mutationFn: ({ read, acceptPartial }: { read: ReadFile; acceptPartial: boolean }) =>
      api.call(labsEndpoints.import, { body: request(read, { acceptPartial, saveMapping, dryRun: false }) }),
    onSuccess: async (answer) => {
      setImported(answer);
      setStep(3);
      await invalidate();
    },
    onError: (error) => {
      // The file's rows were refused after all (it changed since the check): the report lists them.
      if (isApiError(error) && error.details.length > 0 && report !== null) {
        setReport({ ...report, errors: problemsOf(error.details) });
        setRefusal(null);
      } else setRefusal(errorText(error));
    },
  });
  const failure = [preview.error, check.error].find((error) => error !== null);
  const restart = () => {
    setStep(0);
    setFile(null);
    setReport(null);
    setImported(null);
    preview.reset();
    check.reset();
  };

  return (
    <Card withBorder radius="md">
      <Stepper active={step} size="sm" allowNextStepsSelect={false} aria-label={w.stepsLabel}>
        <Stepper.Step label={w.steps.upload}>
          <UploadStep onRead={(choice) => preview.mutate(choice)} reading={preview.isPending} />
        </Stepper.Step>
        <Stepper.Step label={w.steps.mapping}>
          {file !== null && columns !== null && (
            <MappingStep
              preview={file.preview}
              format={file.format}
              lab={file.lab}
              columns={columns}
              onColumns={setColumns}
              saveMapping={saveMapping}
              onSaveMapping={setSaveMapping}
              onBack={() => setStep(0)}
              onCheck={() => check.mutate(file)}
              checking={check.isPending}
            />
          )}
        </Stepper.Step>
        <Stepper.Step label={w.steps.report}>
          {file !== null && report !== null && (
            <ReportStep
              report={report}
              refusal={refusal}
              onBack={() => setStep(1)}
              onImport={(acceptPartial) => commit.mutate({ read: file, acceptPartial })}
              importing={commit.isPending}
            />
          )}
        </Stepper.Step>
        <Stepper.Completed>
          {imported !== null && (
            <Stack>
              <Alert color="teal" variant="light" role="status" data-testid="import-done">
                {w.done(imported.imported, imported.corrected)}
                {imported.errors.length > 0 && ` ${w.leftOut(imported.errors.length)}`}
              </Alert>
              <Button variant="light" onClick={restart} w="fit-content">
                {w.another}
              </Button>
            </Stack>
          )}
        </Stepper.Completed>
      </Stepper>
      {failure !== undefined && failure !== null && (
        <Alert color="red" role="alert" mt="md">
          <Text size="sm">{errorText(failure)}</Text>
        </Alert>
      )}
    </Card>
  );
}
