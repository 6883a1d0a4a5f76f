import { InputError } from '../../../core/errors.ts';
import { labelLines, type AliquotLabel } from './aliquot-label.ts';
import { checkBarcode, dataMatrixModules } from './barcode.ts';

export interface ZplOptions {
  /** The printer's resolution in dots per inch: 203 (most desktop Zebras) or 300 (the finer cryo printers). */
  dpi?: 203 | 300;
}

/** The label stock: 1" × 0.5", the usual cryo tube label (wrap-around or side label). */
const labelInches = { width: 1, height: 0.5 };

/**
 * ZPL II for a Zebra printer: one ^XA … ^XZ format per aliquot, on a 1" × 0.5" label. A DataMatrix (^BX) on
 * the left, the participant, visit and sample type, volume and draw date beside it, the barcode text along the
 * bottom. An empty list gives an empty string (nothing to print).
 *
 * Text is sent as UTF-8 (^CI28), so "µL" and accented names print; ^ and ~, which start ZPL commands wherever
 * they appear, and control characters are removed from text. The barcode is never altered: a barcode ZPL
 * cannot carry safely is refused (`checkBarcode`), the error naming the label's index.
 */
export function labelsZpl(labels: readonly AliquotLabel[], options: ZplOptions = {}): string {
  const dpi = options.dpi ?? 203;
  return labels
    .map((label, i) => {
      try {
        return labelZpl(label, dpi);
      } catch (error) {
        throw error instanceof InputError ? error.at(i) : error;
      }
    })
    .join('');
}

function labelZpl(label: AliquotLabel, dpi: 203 | 300): string {
  const barcode = checkBarcode(label.barcode);
  const dots = (inches: number) => Math.round(inches * dpi);
  const width = dots(labelInches.width);
  const height = dots(labelInches.height);
  const margin = dots(0.03);
  const font = dots(0.07); // ≈ 1.8 mm capitals: the smallest that stays legible through frost

  // The barcode text runs along the bottom across the whole label, shrunk if it must: a person reads it when
  // the scanner fails, so it is never cut. Above it, the symbol on the left and four lines beside it.
  const barcodeFont = Math.min(font, Math.floor((width - 2 * margin) / ([...barcode].length * charWidth(1))));
  const bottom = height - margin - barcodeFont;
  const space = bottom - Math.ceil(margin / 2) - margin;

  // The symbol gets that space in whole dots per module: at least 2 (the finest a thermal head prints reliably),
  // at most about 0.6 mm (larger gains nothing and takes the text's room).
  const modules = dataMatrixModules(barcode);
  const module = Math.max(2, Math.min(Math.floor(space / modules), Math.round(dpi / 40)));
  const symbolSide = module * modules;

  const lines = labelLines(label);
  const lineHeight = Math.floor(space / lines.length);
  const textLeft = margin + symbolSide + margin;
  const textChars = Math.floor((width - textLeft - margin) / charWidth(font));
  return [
    '^XA',
    '^CI28',
    `^PW${width}`,
    `^LL${height}`,
    '^LH0,0',
    `^FO${margin},${margin}^BXN,${module},200^FD${barcode}^FS`,
    ...lines.flatMap((line, i) => {
      const value = fitChars(zplText(line), textChars);
      return value === '' ? [] : [text(textLeft, margin + i * lineHeight, font, value)];
    }),
    text(margin, bottom, barcodeFont, barcode),
    '^XZ',
    '',
  ].join('\n');
}

/** Font 0 (the scalable CG Triumvirate) a little condensed, so a 12-character study id fits beside the symbol. */
function text(x: number, y: number, font: number, value: string): string {
  return `^FO${x},${y}^A0N,${font},${Math.round(font * 0.85)}^FD${value}^FS`;
}

/**
 * Text a ZPL field can hold: ^ and ~ removed (they start commands even inside ^FD), control characters (line
 * breaks, tabs) turned into spaces, runs of spaces closed up.
 */
export function zplText(value: string): string {
  return value
    .replace(/[\^~]/g, '')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Font 0 is proportional; condensed as above, an average character is about half its height wide. */
function charWidth(font: number): number {
  return font * 0.5;
}

/** Cut to the characters that fit, marking the cut, so a long study id does not run off the label. */
function fitChars(value: string, max: number): string {
  const characters = [...value];
  return characters.length <= max ? value : `${characters.slice(0, Math.max(0, max - 1)).join('')}…`;
}
