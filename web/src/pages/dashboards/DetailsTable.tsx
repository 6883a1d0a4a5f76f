import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/** A table folded away under a summary line (the numbers behind a chart): a native <details>, keyboard-ready. */
export function DetailsTable({
  summary,
  caption,
  testId,
  children,
}: {
  summary: string;
  caption: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <details>
      <summary>{summary}</summary>
      <Table.ScrollContainer minWidth={420}>
        <Table verticalSpacing={4} captionSide="top" data-testid={testId}>
          <Table.Caption>{caption}</Table.Caption>
          {children}
        </Table>
      </Table.ScrollContainer>
    </details>
  );
}
