import { Alert, Anchor, Card, Group, Loader, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { BoxMap } from '../../api/biobank-types.ts';
import { isApiError } from '../../api/client.ts';
import { useBoxMap } from '../../api/sample-queries.ts';
import { useErrorText } from '../../components/errors.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useT } from '../../i18n/language.tsx';
import { useAccess } from '../../layout/use-access.ts';
import { nextFreeCell, type Cell } from './box-grid.ts';
import { BoxGrid } from './BoxGrid.tsx';
import { PlaceAliquotInput } from './PlaceAliquotInput.tsx';

/** A box map: every position with its aliquot or free; aliquots are placed with the keyboard or a scanner. */
export function BoxMapPage() {
  const t = useT();
  const b = t.boxMap;
  const errorText = useErrorText();
  const boxId = Number(useParams().boxId);
  const map = useBoxMap(boxId);

  if (isApiError(map.error) && map.error.status === 404) {
    return (
      <>
        <PageHeader title={b.notFoundTitle} />
        <Alert color="yellow" variant="light" role="alert">
          {b.notFound}
        </Alert>
      </>
    );
  }
  if (map.isError) {
    return (
      <Alert color="red" role="alert">
        {errorText(map.error)}
      </Alert>
    );
  }
  if (map.data === undefined) return <Loader m="lg" aria-label={t.common.loading} />;
  return <BoxMapView map={map.data} />;
}

function BoxMapView({ map }: { map: BoxMap }) {
  const t = useT();
  const b = t.boxMap;
  const access = useAccess();
  const { box } = map;
  const taken = new Set(map.positions.filter((p) => p.aliquot !== null).map((p) => p.position));
  const [selected, setSelected] = useState<Cell>(() => nextFreeCell(box, taken, null) ?? { row: 1, column: 1 });
  const [focusRequest, setFocusRequest] = useState(0);
  const [typing, setTyping] = useState<{ text: string; request: number }>({ text: '', request: 0 });

  const select = (cell: Cell) => {
    setSelected(cell);
    setFocusRequest((n) => n + 1);
  };

  return (
    <>
      <PageHeader title={b.title(box.name)} intro={b.intro(box.location, box.barcode)} />
      <Stack gap="md">
        <Group gap="lg">
          <Text size="sm">{b.size(box.rows, box.columns)}</Text>
          <Text size="sm">{b.usedFree(box.used, box.free)}</Text>
          <Anchor component={Link} to="/storage" size="sm">
            {b.back}
          </Anchor>
        </Group>
        <Card withBorder radius="md">
          <Stack gap="md">
            {access.handleSamples && (
              <PlaceAliquotInput
                box={box}
                selected={selected}
                typing={typing}
                onPlaced={(cell) => {
                  // Scans run on: the next free position after the one just filled.
                  const next = nextFreeCell(box, new Set([...taken, `${cell.label}`]), cell);
                  if (next !== null) setSelected(next);
                }}
                onBackToGrid={() => setFocusRequest((n) => n + 1)}
              />
            )}
            <Text size="sm" c="dimmed" id="box-grid-help">
              {access.handleSamples ? b.keyboardHelp : b.readOnlyHelp}
            </Text>
            <BoxGrid
              map={map}
              selected={selected}
              onSelect={select}
              focusRequest={focusRequest}
              onStartTyping={(text) => {
                if (access.handleSamples) setTyping((current) => ({ text, request: current.request + 1 }));
              }}
            />
          </Stack>
        </Card>
      </Stack>
    </>
  );
}
