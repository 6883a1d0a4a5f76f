import { describe, expect, it } from 'vitest';
import { exportFileName, pngSize, standaloneSvg, svgDataUrl } from './svg-export.ts';

const onPage =
  '<svg viewBox="0 0 10 10" width="10" height="10" style="max-width: 100%;" role="img" aria-labelledby="t" data-testid="flow-diagram">' +
  '<title id="t">Flow</title><g data-testid="flow-node-screened" class="x">' +
  '<a href="/dashboards/cells?cell=flow%2Fall%2Fscreened" tabindex="0"><text x="1" y="2">n = 5</text></a>' +
  '</g></svg>';

describe('exporting the flow diagram', () => {
  it('makes a standalone SVG document: namespace, declaration, no links or page attributes, text kept', () => {
    const svg = standaloneSvg(onPage);
    expect(
      svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox'),
    ).toBe(true);
    expect(svg).not.toMatch(/<a\b|<\/a>|href=|data-testid|tabindex|class=|style=/);
    expect(svg).toContain('<text x="1" y="2">n = 5</text>');
    expect(svg).toContain('role="img" aria-labelledby="t"');
  });

  it('keeps a namespace the markup already has', () => {
    const svg = standaloneSvg('<svg xmlns="http://www.w3.org/2000/svg" width="1"></svg>');
    expect(svg.match(/xmlns=/g)).toHaveLength(1);
  });

  it('encodes the SVG as a data: URL an image may load under the CSP', () => {
    const url = svgDataUrl('<svg><text>a & b # 100%</text></svg>');
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    expect(url.slice(url.indexOf(',') + 1)).not.toMatch(/[#<>&\s]/);
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toBe('<svg><text>a & b # 100%</text></svg>');
  });

  it('sizes the PNG at twice the diagram, rounded up', () => {
    expect(pngSize(640.5, 300)).toEqual({ width: 1281, height: 600 });
    expect(pngSize(100, 50, 3)).toEqual({ width: 300, height: 150 });
  });

  it('names the files by scope and date', () => {
    expect(exportFileName('NIJ', '2027-06-01T12:00:00.000Z', 'svg')).toBe('strobe-flow-NIJ-2027-06-01.svg');
    expect(exportFileName('', '2027-06-01', 'png')).toBe('strobe-flow-all-sites-2027-06-01.png');
    expect(exportFileName('all sites', '2027-06-01', 'png')).toBe('strobe-flow-all-sites-2027-06-01.png');
  });
});
