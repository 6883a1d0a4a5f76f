import { Alert, Button, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { ImportReport } from '../../../api/biobank-types.ts';
import { errorText } from '../../../i18n/error-text.ts';
import { useLanguage, useT } from '../../../i18n/language.tsx';

interface ReportStepProps {
  /** The dry run's report (with the problems of a refused commit, when there was one). */
  report: ImportReport;
  /** A refusal of the commit that is not about rows (the file imported before). */
  refusal: string | null;
  onBack: () => void;
  onImport: (acceptPartial: boolean) => void;
  importing: boolean;
}

/**
 * Step 3: what the check found: rows read, rows valid, every problem by line and column. A file with problems
 * cannot be imported as it is; importing only its valid rows is a separate, explicit action.
 */
export function ReportStep({ report, refusal, onBack, onImport, importing }: ReportStepProps) {
  const t = useT();
  const { language } = useLanguage();
  const w = t.labImport;
  const problems = report.errors;
  const figures: [string, number][] = [
    [w.rows, report.rows],
    [w.valid, report.valid],
    [w.problems, problems.length],
  ];
  if (report.controlsSkipped > 0) figures.push([w.controlsSkipped, report.controlsSkipped]);

  return (
    <Stack>
      <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="import-figures">
        {figures.map(([label, value]) => (
          <div key={label} role="group" aria-label={label}>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text fw={700} size="xl">
              {value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      {refusal !== null && (
        <Alert color="red" role="alert">
          {refusal}
        </Alert>
      )}
      {problems.length === 0 ? (
        <Alert color="teal" variant="light">
          {w.noProblems(report.valid)}
        </Alert>
      ) : (
        <>
          <Alert color="orange" variant="light">
            {w.problemsIntro(problems.length)}
          </Alert>
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing={4} striped withTableBorder data-testid="import-problems">
              <Table.Caption>{w.problemsCaption}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{w.line}</Table.Th>
                  <Table.Th scope="col">{w.column}</Table.Th>
                  <Table.Th scope="col">{w.problem}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {problems.map((problem, index) => (
                  <Table.Tr key={index}>
                    <Table.Td>{problem.line}</Table.Td>
                    <Table.Td>{problem.column ?? '—'}</Table.Td>
                    <Table.Td>{errorText({ ...problem, message: problem.problem }, language)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {w.back}
        </Button>
        <Group>
          {problems.length > 0 && report.valid > 0 && (
            <Button color="orange" variant="light" loading={importing} onClick={() => onImport(true)}>
              {w.importValidOnly(report.valid)}
            </Button>
          )}
          <Button
            disabled={problems.length > 0 || report.valid === 0}
            loading={importing}
            onClick={() => onImport(false)}
          >
            {w.commit}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
