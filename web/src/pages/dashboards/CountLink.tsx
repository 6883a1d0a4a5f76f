import { Anchor, Table, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import type { Count } from '../../../../src/features/dashboards/contract.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { cellHref, countText } from './dashboard-text.ts';
import { useDashboardScope } from './scope.tsx';

/** What the drill-down page is told about the count it lists (in the link's state). */
export interface CellState {
  label: string;
  /** The dashboard page it came from (its tab and scope), for the way back. */
  from: string;
}

interface CountLinkProps {
  count: Count;
  /** What is counted, for the link's accessible name and the drill-down's heading ("Not eligible"). */
  what: string;
}

/** A count as a link to the rows behind it; 0 is plain text (nothing to show). */
export function CountLink({ count, what }: CountLinkProps) {
  const t = useT();
  const { language } = useLanguage();
  const siteId = useDashboardScope();
  const location = useLocation();
  const text = countText(count.n, language);
  if (count.n === 0) return <span data-count="0">{text}</span>;
  const state: CellState = { label: what, from: `${location.pathname}${location.search}` };
  return (
    <Anchor
      component={Link}
      to={cellHref(count.cell, siteId)}
      state={state}
      aria-label={t.dashboards.showRows(what, text)}
      data-cell={count.cell}
    >
      {text}
    </Anchor>
  );
}

/** A table cell holding a count, right-aligned. */
export function CountCell(props: CountLinkProps) {
  return (
    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
      <CountLink {...props} />
    </Table.Td>
  );
}

/** A table cell holding a number that is not a count (a percentage, a volume). */
export function NumberCell({ children }: { children: string }) {
  return (
    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
      <Text span size="sm">
        {children}
      </Text>
    </Table.Td>
  );
}
