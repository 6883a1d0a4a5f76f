import { PDFDocument, StandardFonts, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import { InputError } from '../../../core/errors.ts';
import { inputMessages } from '../../../core/messages.ts';
import { labelLines, type AliquotLabel } from './aliquot-label.ts';
import { barcodePng, checkBarcode, type Symbology } from './barcode.ts';
import { fitText } from './pdf-text.ts';
import { a4, mm } from './pdf-page.ts';

export interface LabelSheetOptions {
  /** Labels across the sheet; default 4. */
  columns?: number;
  /** Labels down the sheet; default 12 (with 4 columns: 48 labels of 48.5 × 23 mm with the default margin). */
  rows?: number;
  /** DataMatrix (default: fits tube labels) or Code 128. */
  symbology?: Symbology;
  /** The sheet's margin on every side, in millimetres, to match the label stock; default 10. */
  marginMm?: number;
  /**
   * Labels already used on the first sheet (peeled off for an earlier print): printing starts after them,
   * so a part-used sheet is not wasted. Default 0.
   */
  skip?: number;
}

interface Cell {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/**
 * An A4 sheet of aliquot labels, row by row from the top left, as many sheets as the labels need; each label
 * has its barcode symbol and the same text lines as the ZPL label. Every barcode is checked (`checkBarcode`)
 * before anything is drawn; text is made printable whatever it holds. Gives the PDF's bytes.
 */
export async function labelSheetPdf(
  labels: readonly AliquotLabel[],
  options: LabelSheetOptions = {},
): Promise<Uint8Array> {
  const columns = gridSize('columns', options.columns ?? 4);
  const rows = gridSize('rows', options.rows ?? 12);
  const perSheet = columns * rows;
  const skip = options.skip ?? 0;
  if (!Number.isSafeInteger(skip)) throw new InputError('skip', inputMessages.notInteger());
  if (skip < 0) throw new InputError('skip', inputMessages.tooSmall({ minimum: 0 }));
  if (skip >= perSheet) throw new InputError('skip', inputMessages.tooBig({ maximum: perSheet - 1 }));
  const margin = mm(marginMm(options.marginMm ?? 10));
  if (labels.length === 0) throw new InputError('labels', inputMessages.empty());
  const symbology = options.symbology ?? 'datamatrix';
  labels.forEach((label, i) => {
    try {
      checkBarcode(label.barcode);
    } catch (error) {
      throw error instanceof InputError ? error.at(i) : error;
    }
  });

  const document = await PDFDocument.create();
  document.setTitle('Aliquot labels');
  document.setCreator('septype');
  const fonts = {
    regular: await document.embedFont(StandardFonts.Helvetica),
    bold: await document.embedFont(StandardFonts.HelveticaBold),
  };
  const images = new Map<string, PDFImage>();
  const cellWidth = (a4.width - 2 * margin) / columns;
  const cellHeight = (a4.height - 2 * margin) / rows;

  let page: PDFPage | undefined;
  for (const [i, label] of labels.entries()) {
    const slot = (skip + i) % perSheet;
    if (page === undefined || slot === 0) page = document.addPage([a4.width, a4.height]);
    const row = Math.floor(slot / columns);
    const column = slot % columns;
    const cell = {
      x: margin + column * cellWidth,
      y: a4.height - margin - (row + 1) * cellHeight,
      width: cellWidth,
      height: cellHeight,
    };
    let image = images.get(label.barcode);
    if (image === undefined) {
      image = await document.embedPng(await barcodePng(label.barcode, symbology));
      images.set(label.barcode, image);
    }
    if (symbology === 'datamatrix') drawDataMatrixLabel(page, cell, image, label, fonts);
    else drawCode128Label(page, cell, image, label, fonts);
  }
  return document.save();
}

function gridSize(field: 'columns' | 'rows', value: number): number {
  if (!Number.isSafeInteger(value)) throw new InputError(field, inputMessages.notInteger());
  if (value < 1) throw new InputError(field, inputMessages.tooSmall({ minimum: 1 }));
  // Beyond 20 a label is under 1.5 cm across: too small for a symbol and readable text.
  if (value > 20) throw new InputError(field, inputMessages.tooBig({ maximum: 20 }));
  return value;
}

function marginMm(value: number): number {
  if (!Number.isFinite(value)) throw new InputError('marginMm', inputMessages.wrongType({ expected: 'number' }));
  if (value < 0) throw new InputError('marginMm', inputMessages.tooSmall({ minimum: 0 }));
  // A4 is 210 mm wide: beyond 40 mm a side, too little of it is left for labels.
  if (value > 40) throw new InputError('marginMm', inputMessages.tooBig({ maximum: 40 }));
  return value;
}

/** The padding inside a label: label stock is cut with a tolerance of about a millimetre. */
const padding = mm(1.5);

/** The symbol on the left, square, as tall as the label allows; the text lines beside it. */
function drawDataMatrixLabel(page: PDFPage, cell: Cell, image: PDFImage, label: AliquotLabel, fonts: Fonts): void {
  const side = Math.min(cell.height - 2 * padding, cell.width * 0.4);
  page.drawImage(image, { x: cell.x + padding, y: cell.y + (cell.height - side) / 2, width: side, height: side });
  const left = cell.x + 2 * padding + side;
  drawLines(page, fonts, [label.barcode, ...labelLines(label)], {
    x: left,
    y: cell.y + padding,
    width: cell.x + cell.width - padding - left,
    height: cell.height - 2 * padding,
  });
}

/** The symbol across the top, the text lines under it two to a line: a 1D code needs the width. */
function drawCode128Label(page: PDFPage, cell: Cell, image: PDFImage, label: AliquotLabel, fonts: Fonts): void {
  const width = cell.width - 2 * padding;
  const height = Math.min(image.height * (width / image.width), (cell.height - 2 * padding) * 0.45);
  page.drawImage(image, { x: cell.x + padding, y: cell.y + cell.height - padding - height, width, height });
  const [studyId = '', kind = '', volume = '', drawnOn = ''] = labelLines(label);
  drawLines(page, fonts, [`${label.barcode}  ${studyId}`, `${kind}  ${volume}`.trim(), drawnOn], {
    x: cell.x + padding,
    y: cell.y + padding,
    width,
    height: cell.height - 3 * padding - height,
  });
}

/** Lines top down in the box, the first in bold (the barcode), in the largest size up to 8 pt that fits. */
function drawLines(page: PDFPage, fonts: Fonts, lines: readonly string[], box: Cell): void {
  const size = Math.max(4, Math.min(8, box.height / (lines.length * 1.15)));
  const leading = size * 1.15;
  const top = box.y + box.height - (box.height - lines.length * leading) / 2;
  lines.forEach((line, i) => {
    const font = i === 0 ? fonts.bold : fonts.regular;
    page.drawText(fitText(font, line, size, box.width), {
      x: box.x,
      y: top - (i + 1) * leading + size * 0.25,
      size,
      font,
    });
  });
}
