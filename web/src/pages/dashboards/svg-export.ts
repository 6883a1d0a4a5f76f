/**
 * The flow diagram as a file for a paper: the SVG as drawn, without the app's links, as a standalone document,
 * and the PNG drawn from it. The pure part; `download.ts` does the browser's part.
 *
 * The app's Content-Security-Policy (src/server/app.ts) allows images from `'self'` and `data:` only, so the
 * SVG is drawn onto the canvas from a `data:` URL (a `blob:` image would be refused); the files themselves are
 * handed over as `blob:` links to download, which no CSP directive governs.
 */

const svgNamespace = 'http://www.w3.org/2000/svg';

/**
 * A standalone SVG document from the markup of the diagram on the page: the links to the drill-down are
 * unwrapped (their text stays), test and React attributes dropped, the namespace and an XML declaration added.
 */
export function standaloneSvg(markup: string): string {
  let svg = markup
    .replace(/<a\b[^>]*>/g, '')
    .replace(/<\/a>/g, '')
    .replace(/\s(?:data-[\w-]+|tabindex|class|style)="[^"]*"/g, '');
  if (!/^<svg\b[^>]*\sxmlns="/.test(svg)) svg = svg.replace(/^<svg\b/, `<svg xmlns="${svgNamespace}"`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
}

/** The SVG as a `data:` URL, which the CSP lets an image load (for drawing it onto a canvas). */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** The PNG's pixel size: the SVG's size times `scale` (2: sharp enough to print at a column's width). */
export function pngSize(width: number, height: number, scale = 2): { width: number; height: number } {
  return { width: Math.ceil(width * scale), height: Math.ceil(height * scale) };
}

/** `strobe-flow-<scope>-<date>.<ext>`: the scope a site code or "all-sites", the date the answer's. */
export function exportFileName(scope: string, asOf: string, extension: 'svg' | 'png'): string {
  const safe = scope.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'all-sites';
  return `strobe-flow-${safe}-${asOf.slice(0, 10)}.${extension}`;
}
