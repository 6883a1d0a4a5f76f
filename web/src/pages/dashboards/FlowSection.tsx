import { Alert, Button, Group, List, Stack, Table, Text } from '@mantine/core';
import { useMemo, useRef, useState } from 'react';
import type { Flow } from '../../../../src/features/dashboards/contract.ts';
import { useFlow } from '../../api/dashboard-queries.ts';
import { useStudy } from '../../api/queries.ts';
import { Section } from '../../components/Section.tsx';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { CountCell, CountLink } from './CountLink.tsx';
import { countText, flowInputs } from './dashboard-text.ts';
import { DetailsTable } from './DetailsTable.tsx';
import { downloadBlob, downloadSvg, svgToPng } from './download.ts';
import { FlowDiagram } from './FlowDiagram.tsx';
import { layoutFlow } from './flow-layout.ts';
import { QueryState } from './QueryState.tsx';
import { useDashboardScope } from './scope.tsx';
import { exportFileName, standaloneSvg } from './svg-export.ts';

/** The STROBE flow diagram, exportable as SVG and PNG, with its numbers as a table. */
export function FlowSection() {
  const t = useT();
  const query = useFlow(useDashboardScope());
  return (
    <Section title={t.dashFlow.heading}>
      <QueryState query={query}>{(data) => <FlowContent data={data} />}</QueryState>
    </Section>
  );
}

function FlowContent({ data }: { data: Flow }) {
  const t = useT();
  const f = t.dashFlow;
  const { language } = useLanguage();
  const siteId = useDashboardScope();
  const protocol = useStudy().data;
  const svgRef = useRef<SVGSVGElement | null>(null);
  const [exportFailed, setExportFailed] = useState(false);

  const inputs = useMemo(() => flowInputs(t, data.nodes, protocol), [t, data.nodes, protocol]);
  const layout = useMemo(
    () =>
      layoutFlow(inputs, {
        countText: (n) => f.countText(countText(n, language)),
        numberText: (n) => countText(n, language),
      }),
    [inputs, f, language],
  );
  const screened = data.nodes.find((n) => n.id === 'screened')?.count.n ?? 0;
  const enrolled = data.nodes.find((n) => n.id === 'enrolled')?.count.n ?? 0;
  const scope = siteId === null ? 'all-sites' : (data.sites.find((s) => s.id === siteId)?.code ?? 'site');

  const markup = () =>
    svgRef.current === null ? null : standaloneSvg(new XMLSerializer().serializeToString(svgRef.current));
  const saveSvg = () => {
    const svg = markup();
    if (svg !== null) downloadSvg(svg, exportFileName(scope, data.asOf, 'svg'));
  };
  const savePng = async () => {
    const svg = markup();
    if (svg === null) return;
    try {
      setExportFailed(false);
      downloadBlob(await svgToPng(svg, layout.width, layout.height), exportFileName(scope, data.asOf, 'png'));
    } catch {
      setExportFailed(true);
    }
  };

  const multiSite = data.sites.length > 1;
  return (
    <Stack gap="md">
      <Group gap="sm">
        <Button variant="light" size="xs" onClick={saveSvg} data-testid="flow-download-svg">
          {f.downloadSvg}
        </Button>
        <Button variant="light" size="xs" onClick={() => void savePng()} data-testid="flow-download-png">
          {f.downloadPng}
        </Button>
      </Group>
      {exportFailed && (
        <Alert color="yellow" variant="light" role="alert">
          {f.exportFailed}
        </Alert>
      )}
      <figure style={{ margin: 0, overflowX: 'auto' }}>
        <FlowDiagram
          svgRef={svgRef}
          layout={layout}
          title={f.diagramTitle}
          description={f.diagramDescription(countText(screened, language), countText(enrolled, language))}
          siteId={siteId}
          linkLabel={(line) => t.dashboards.showRows(line.what ?? '', countText(line.count?.n ?? 0, language))}
        />
        <figcaption>
          <Text size="sm" c="dimmed">
            {f.diagramDescription(countText(screened, language), countText(enrolled, language))} {f.overlapNote}
          </Text>
        </figcaption>
      </figure>
      <DetailsTable summary={t.dashboards.tableView} caption={f.tableCaption} testId="flow-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{f.step}</Table.Th>
            <Table.Th scope="col" ta="right">
              {f.count}
            </Table.Th>
            {multiSite &&
              data.sites.map((s) => (
                <Table.Th key={s.id} scope="col" ta="right">
                  {s.code}
                </Table.Th>
              ))}
            <Table.Th scope="col">{f.reasons}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {inputs.map((node) => {
            const raw = data.nodes.find((n) => n.id === node.id);
            return (
              <Table.Tr key={node.id} data-testid={`flow-row-${node.id}`}>
                <Table.Th scope="row" fw={500}>
                  {node.title}
                </Table.Th>
                <CountCell count={node.count} what={node.title} />
                {multiSite &&
                  data.sites.map((s) => {
                    const count = raw?.perSite.find((p) => p.siteId === s.id)?.count;
                    return count === undefined ? (
                      <Table.Td key={s.id} />
                    ) : (
                      <CountCell key={s.id} count={count} what={`${node.title} · ${s.code}`} />
                    );
                  })}
                <Table.Td>
                  {node.breakdown.length > 0 && (
                    <List size="sm" spacing={2}>
                      {node.breakdown.map((part) => (
                        <List.Item key={part.key}>
                          {part.label}: <CountLink count={part.count} what={`${node.title} · ${part.label}`} />
                        </List.Item>
                      ))}
                    </List>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </DetailsTable>
    </Stack>
  );
}
