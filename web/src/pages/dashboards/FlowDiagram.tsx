import { useId, type MouseEvent, type RefObject } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { Count } from '../../../../src/features/dashboards/contract.ts';
import type { CellState } from './CountLink.tsx';
import { cellHref } from './dashboard-text.ts';
import type { FlowLayout, TextLine } from './flow-layout.ts';

/** Colours as attributes, not CSS, so the exported file looks the same outside the app. */
const colours = {
  text: '#212529',
  link: '#1864ab',
  line: '#495057',
  main: { fill: '#ffffff', stroke: '#343a40' },
  side: { fill: '#f8f9fa', stroke: '#868e96' },
  reasons: { fill: '#ffffff', stroke: '#adb5bd' },
  group: { fill: '#ffffff', stroke: '#adb5bd' },
};
const font = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

interface FlowDiagramProps {
  layout: FlowLayout;
  title: string;
  description: string;
  siteId: number | null;
  /** The accessible name of a count's link: what is counted and the number. */
  linkLabel: (line: TextLine) => string;
  /** The <svg>, for the export. */
  svgRef: RefObject<SVGSVGElement | null>;
}

/**
 * The STROBE flow as an SVG drawn from its layout: real text (read by screen readers and tests), every count but
 * 0 a link to the rows behind it.
 */
export function FlowDiagram({ layout, title, description, siteId, linkLabel, svgRef }: FlowDiagramProps) {
  const navigate = useNavigate();
  const location = useLocation();
  const id = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const arrowhead = `flow-arrow-${id}`;

  const follow = (event: MouseEvent, count: Count, label: string) => {
    // A modified click opens the page elsewhere, as for any link.
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    const state: CellState = { label, from: `${location.pathname}${location.search}` };
    void navigate(cellHref(count.cell, siteId), { state });
  };

  const text = (line: TextLine, i: number) => {
    const linked = line.count !== null && line.count.n > 0;
    const element = (
      <text
        key={i}
        x={line.x}
        y={line.y}
        fontSize={line.size}
        fontWeight={line.bold ? 700 : 400}
        textAnchor={line.anchor}
        data-count={line.count === null ? undefined : line.count.n}
        // Link colours as a style, which the export drops: a figure in a paper has no links.
        style={linked ? { fill: colours.link, textDecoration: 'underline' } : undefined}
      >
        {line.text}
      </text>
    );
    if (line.count === null || line.count.n === 0) return element;
    const label = line.what ?? '';
    return (
      <a
        key={i}
        href={cellHref(line.count.cell, siteId)}
        aria-label={linkLabel(line)}
        onClick={(event) => {
          if (line.count !== null) follow(event, line.count, label);
        }}
      >
        {element}
      </a>
    );
  };

  return (
    <svg
      ref={svgRef}
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={layout.width}
      height={layout.height}
      role="group"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      fontFamily={font}
      fill={colours.text}
      data-testid="flow-diagram"
      style={{ maxWidth: '100%', height: 'auto' }}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <defs>
        <marker
          id={arrowhead}
          viewBox="0 0 10 10"
          refX="10"
          refY="5"
          markerWidth="8"
          markerHeight="8"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill={colours.line} />
        </marker>
      </defs>
      <rect x={0} y={0} width={layout.width} height={layout.height} fill="#ffffff" />
      <g fill="none" stroke={colours.line} strokeWidth={1.5}>
        {layout.arrows.map((arrow) => (
          <polyline
            key={`${arrow.from}>${arrow.to}`}
            points={arrow.points.map(([x, y]) => `${x},${y}`).join(' ')}
            strokeDasharray={arrow.dashed ? '4 3' : undefined}
            markerEnd={arrow.dashed ? undefined : `url(#${arrowhead})`}
            data-testid={`flow-arrow-${arrow.from}-${arrow.to}`}
          />
        ))}
      </g>
      {layout.boxes.map((box) => (
        <g key={box.key} data-testid={`flow-box-${box.key}`} data-kind={box.kind}>
          <rect
            x={box.x}
            y={box.y}
            width={box.width}
            height={box.height}
            rx={4}
            fill={colours[box.kind].fill}
            stroke={colours[box.kind].stroke}
            strokeWidth={box.kind === 'main' ? 1.5 : 1}
            strokeDasharray={box.kind === 'reasons' || box.kind === 'group' ? '4 3' : undefined}
          />
          {box.lines.map((line, i) => text(line, i))}
        </g>
      ))}
    </svg>
  );
}
