import { Alert, Loader } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
// Types only: the library itself is loaded with import() below, apart from the main bundle.
import type * as Plot from '@observablehq/plot';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/language.tsx';

export type PlotModule = typeof Plot;

interface PlotChartProps {
  /** The chart's accessible name; its numbers are in a table or text beside it. */
  label: string;
  /** Draws the chart at `width` pixels. Keep it stable (useCallback) or it redraws on every render. */
  draw: (plot: PlotModule, width: number) => SVGSVGElement | HTMLElement;
  testId?: string;
}

/**
 * An Observable Plot chart, the library loaded on first use (it stays out of the main bundle), drawn into a
 * div at the width it has. A picture only: role="img" with a label; tests and screen readers read the text.
 */
export function PlotChart({ label, draw, testId }: PlotChartProps) {
  const t = useT();
  const { ref: sizeRef, width } = useElementSize();
  const target = useRef<HTMLDivElement | null>(null);
  const [state, setState] = useState<'loading' | 'drawn' | 'failed'>('loading');

  useEffect(() => {
    if (width === 0) return;
    let cancelled = false;
    let chart: Element | null = null;
    import('@observablehq/plot')
      .then((plot) => {
        if (cancelled || target.current === null) return;
        chart = draw(plot, Math.floor(width));
        target.current.replaceChildren(chart);
        setState('drawn');
      })
      .catch(() => {
        if (!cancelled) setState('failed');
      });
    return () => {
      cancelled = true;
      chart?.remove();
    };
  }, [draw, width]);

  return (
    <div ref={sizeRef}>
      {state === 'loading' && <Loader size="sm" m="md" aria-label={t.dashboards.chartLoading} />}
      {state === 'failed' && (
        <Alert color="yellow" variant="light">
          {t.dashboards.chartFailed}
        </Alert>
      )}
      <div ref={target} role="img" aria-label={label} data-testid={testId} data-state={state} />
    </div>
  );
}
