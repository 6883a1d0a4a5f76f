import { Alert, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useLayoutEffect, useRef, useState } from 'react';
import type { BoxMap } from '../../api/biobank-types.ts';
import { api } from '../../api/client.ts';
import { samplesEndpoints } from '../../api/endpoints.ts';
import { useInvalidateSamples } from '../../api/sample-queries.ts';
import { useErrorText } from '../../components/errors.ts';
import { useT } from '../../i18n/language.tsx';
import { cellLabel, type Cell } from './box-grid.ts';

interface PlaceAliquotInputProps {
  box: BoxMap['box'];
  selected: Cell;
  /** A character typed (or Enter pressed) on the grid: focus here, starting with it. */
  typing: { text: string; request: number };
  onPlaced: (cell: Cell & { label: string }) => void;
  onBackToGrid: () => void;
}

/** No aliquot of the site has the barcode typed in. */
class UnknownBarcode extends Error {}

/**
 * The barcode field of a box map: type or scan an aliquot's barcode and press Enter to place it at the selected
 * position. The server decides; a taken position answers with its conflict message, shown here.
 */
export function PlaceAliquotInput({ box, selected, typing, onPlaced, onBackToGrid }: PlaceAliquotInputProps) {
  const t = useT();
  const b = t.boxMap;
  const errorText = useErrorText();
  const invalidate = useInvalidateSamples();
  const input = useRef<HTMLInputElement>(null);
  const [barcode, setBarcode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [placed, setPlaced] = useState<string | null>(null);

  // Before the next key arrives (a scanner types fast): the field has the focus and the first character.
  useLayoutEffect(() => {
    if (typing.request === 0) return;
    setBarcode(typing.text);
    input.current?.focus();
  }, [typing]);

  const place = useMutation({
    mutationFn: async ({ code, cell }: { code: string; cell: Cell }) => {
      const found = await api.call(samplesEndpoints.findAliquots, {
        params: { siteId: box.siteId },
        query: { barcode: code },
      });
      const aliquot = found.aliquots.find((a) => a.barcode === code);
      if (aliquot === undefined) throw new UnknownBarcode(code);
      return api.call(samplesEndpoints.place, {
        params: { aliquotId: aliquot.id },
        body: { version: aliquot.version, boxId: box.id, position: cellLabel(cell) },
      });
    },
    onSuccess: async (aliquot, { cell }) => {
      const label = cellLabel(cell);
      setProblem(null);
      setPlaced(b.placed(aliquot.barcode, label));
      setBarcode('');
      // The next position is chosen before the map refetches: a scan or key that follows starts from it.
      onPlaced({ ...cell, label });
      await invalidate();
    },
    onError: (error, { code }) => {
      setPlaced(null);
      setProblem(error instanceof UnknownBarcode ? b.unknownBarcode(code) : errorText(error));
    },
  });

  const label = cellLabel(selected);
  return (
    <div>
      <TextInput
        ref={input}
        label={b.barcodeLabel(label)}
        description={b.barcodeHint}
        value={barcode}
        autoComplete="off"
        w={360}
        onChange={(event) => setBarcode(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            const code = barcode.trim();
            if (code !== '' && !place.isPending) place.mutate({ code, cell: selected });
          } else if (event.key === 'Escape') {
            event.preventDefault();
            onBackToGrid();
          }
        }}
      />
      {problem !== null && (
        <Alert color="red" variant="light" mt="xs" role="alert" data-testid="placement-problem">
          {problem}
        </Alert>
      )}
      <Text size="sm" c="teal.8" mt={4} role="status" aria-live="polite">
        {placed ?? ''}
      </Text>
    </div>
  );
}
