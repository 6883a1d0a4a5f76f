import bwip from 'bwip-js/node';
import { InputError } from '../../../core/errors.ts';
import { sampleMessages } from '../messages.ts';

/** DataMatrix (2D, small: what fits a cryo tube's cap or side) or Code 128 (1D, for tube racks and boxes). */
export type Symbology = 'datamatrix' | 'code128';

/**
 * The longest barcode accepted. 32 characters give at most a 24 × 24 DataMatrix, which still prints with
 * 2-dot modules on a half-inch label at 203 dpi; a longer one would overflow the label or print too fine to scan.
 */
export const barcodeMaxLength = 32;

/**
 * The barcode as given, or an input error. Only printable ASCII without space, ^ and ~ is accepted: ^ and ~
 * start commands in ZPL and ~ is DataMatrix's escape character on Zebra printers, and a barcode is never
 * altered to make it printable, because a tube whose label encodes something else is a swapped sample.
 */
export function checkBarcode(text: string): string {
  if (!/^[\x21-\x5D\x5F-\x7D]+$/.test(text) || text.length > barcodeMaxLength) {
    throw new InputError('barcode', sampleMessages.barcodeFormat());
  }
  return text;
}

/**
 * One barcode as SVG markup (no width or height: it scales to its box by its viewBox), with the quiet zone the
 * scanners need around it. The barcode text is not drawn; the page shows it as text.
 */
export function barcodeSvg(text: string, symbology: Symbology): string {
  return bwip.toSVG(renderOptions(checkBarcode(text), symbology, 1));
}

/** One barcode as a PNG image, large enough in pixels to stay sharp when a PDF scales it down to label size. */
export async function barcodePng(text: string, symbology: Symbology): Promise<Uint8Array> {
  return bwip.toBuffer(renderOptions(checkBarcode(text), symbology, symbology === 'datamatrix' ? 5 : 3));
}

/**
 * The modules per side of the DataMatrix that encodes the text, to choose a module size that fits a label
 * (a ZPL printer encodes the symbol itself and only needs the module size).
 */
export function dataMatrixModules(text: string): number {
  const [symbol] = bwip.raw({ bcid: 'datamatrix', text: checkBarcode(text) });
  if (symbol === undefined || !('pixx' in symbol)) throw new Error('bwip-js gave no DataMatrix for a valid barcode');
  return symbol.pixx;
}

function renderOptions(text: string, symbology: Symbology, scale: number): bwip.RenderOptions {
  // bwip-js pads in points: a DataMatrix module is 2 points, a Code 128 module 1. The quiet zones are the
  // standards' minimum: 1 module round a DataMatrix, 10 modules either side of a Code 128.
  return symbology === 'datamatrix'
    ? { bcid: 'datamatrix', text, scale, padding: 2 }
    : { bcid: 'code128', text, scale, height: 10, paddingwidth: 10 };
}
