import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatVolume } from './aliquot-label.ts';
import { manifestBoxes, type ManifestHeader, type ManifestLine } from './manifest.ts';
import { fitText } from './pdf-text.ts';
import { a4, mm } from './pdf-page.ts';

const margin = mm(15);
const width = a4.width - 2 * margin;
/** Room for the running header above the body and the page number below it. */
const bodyTop = a4.height - margin - 20;
const bodyBottom = margin + 20;
const size = 9;
const rowHeight = 14;
const grey = rgb(0.45, 0.45, 0.45);
const band = rgb(0.9, 0.9, 0.9);

interface Column {
  title: string;
  width: number;
  right?: boolean;
  value: (line: ManifestLine) => string;
}

/** The table's columns; "Received" is an empty box the receiver ticks while unpacking. */
const columns: readonly Column[] = [
  { title: 'Position', width: 55, value: (line) => line.position ?? '' },
  { title: 'Barcode', width: 105, value: (line) => line.barcode },
  { title: 'Study ID', width: 105, value: (line) => line.studyId },
  { title: 'Visit', width: 45, value: (line) => line.visit },
  { title: 'Sample type', width: 85, value: (line) => line.sampleType.replaceAll('_', ' ') },
  { title: 'Volume (µL)', width: 60, right: true, value: (line) => volume(line.volumeUl) },
  { title: 'Received', width: width - 455, value: () => '' },
];

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/**
 * The shipment manifest as an A4 PDF, to travel with the box and be signed at both ends: the shipment's
 * details, the aliquots box by box in position order (the table's header repeats on every page, a box cut by
 * a page break says "continued"), the count per box, and sign-off lines for sender and receiver. Every page
 * has "page i of n", so a missing page is noticed. Text is made printable whatever it holds. Gives the PDF's
 * bytes.
 */
export async function manifestPdf(header: ManifestHeader, lines: readonly ManifestLine[]): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.setTitle(`Shipment manifest ${header.shipmentId}`);
  document.setCreator('septype');
  const fonts = {
    regular: await document.embedFont(StandardFonts.Helvetica),
    bold: await document.embedFont(StandardFonts.HelveticaBold),
  };
  const boxes = manifestBoxes(lines);
  const sheet = new Sheet(document, fonts, header);

  sheet.y = drawHeaderBlock(sheet, header, lines.length, boxes.length);
  drawAliquots(sheet, boxes);
  drawBoxSummary(sheet, boxes);
  drawSignOff(sheet);

  const pages = document.getPages();
  pages.forEach((page, i) => {
    const footer = `Shipment ${header.shipmentId}  ·  page ${i + 1} of ${pages.length}`;
    sheet.text(page, footer, a4.width - margin, margin, { font: fonts.regular, size: 8, right: true, color: grey });
    sheet.text(page, 'septype', margin, margin, { font: fonts.regular, size: 8, color: grey });
  });
  return document.save();
}

interface TextStyle {
  font: PDFFont;
  size: number;
  /** Most width in points; the text is cut to it. */
  width?: number;
  right?: boolean;
  color?: ReturnType<typeof rgb>;
}

/** The page being filled and how far down it is, adding pages (with the running header) as it fills. */
class Sheet {
  page: PDFPage;
  y: number;

  constructor(
    private readonly document: PDFDocument,
    readonly fonts: Fonts,
    private readonly header: ManifestHeader,
  ) {
    // The first page carries the full header block instead of the running header.
    this.page = document.addPage([a4.width, a4.height]);
    this.y = a4.height - margin;
  }

  newPage(): void {
    this.page = this.document.addPage([a4.width, a4.height]);
    const running = `Shipment manifest ${this.header.shipmentId}: ${this.header.from} to ${this.header.to}`;
    this.text(this.page, running, margin, a4.height - margin - 8, {
      font: this.fonts.regular,
      size: 8,
      width,
      color: grey,
    });
    this.y = bodyTop;
  }

  /** Whether `height` more fits on this page; if not, a new page is started. */
  fits(height: number): boolean {
    if (this.y - height >= bodyBottom) return true;
    this.newPage();
    return false;
  }

  text(page: PDFPage, value: string, x: number, y: number, style: TextStyle): void {
    const text = fitText(style.font, value, style.size, style.width ?? a4.width);
    const left = style.right === true ? x - style.font.widthOfTextAtSize(text, style.size) : x;
    page.drawText(text, { x: left, y, size: style.size, font: style.font, color: style.color ?? rgb(0, 0, 0) });
  }
}

function drawHeaderBlock(sheet: Sheet, header: ManifestHeader, aliquots: number, boxes: number): number {
  const { page, fonts } = sheet;
  let y = a4.height - margin - 18;
  sheet.text(page, 'Shipment manifest', margin, y, { font: fonts.bold, size: 18 });
  sheet.text(page, `Shipment ${header.shipmentId}`, a4.width - margin, y, { font: fonts.bold, size: 12, right: true });
  y -= 28;
  // Details not known yet (sent, courier, tracking) get a line to fill in by hand at dispatch.
  const blank = '____________________';
  const pairs: readonly (readonly [string, string | null])[][] = [
    [
      ['From', header.from],
      ['To', header.to],
      ['Prepared by', header.preparedBy],
      ['Prepared at', header.preparedAt],
    ],
    [
      ['Sent at', header.sentAt],
      ['Courier', header.courier],
      ['Tracking', header.tracking],
      ['Temperature', header.temperature],
    ],
  ];
  pairs.forEach((pairsOfColumn, column) => {
    const x = margin + column * (width / 2);
    pairsOfColumn.forEach(([label, value], i) => {
      const rowY = y - i * rowHeight;
      sheet.text(page, label, x, rowY, { font: fonts.bold, size });
      sheet.text(page, value ?? blank, x + 70, rowY, { font: fonts.regular, size, width: width / 2 - 80 });
    });
  });
  y -= 4 * rowHeight + 6;
  const count = `${aliquots} ${aliquots === 1 ? 'aliquot' : 'aliquots'} in ${boxes} ${boxes === 1 ? 'box' : 'boxes'}`;
  sheet.text(page, count, margin, y, { font: fonts.regular, size });
  return y - 2 * rowHeight;
}

function drawAliquots(sheet: Sheet, boxes: readonly { box: string | null; lines: ManifestLine[] }[]): void {
  if (boxes.length === 0) {
    sheet.text(sheet.page, 'No aliquots in this shipment.', margin, sheet.y, { font: sheet.fonts.regular, size });
    sheet.y -= 2 * rowHeight;
    return;
  }
  sheet.fits(3 * rowHeight);
  drawTableHead(sheet);
  for (const { box, lines } of boxes) {
    // A box heading never stands alone at the foot of a page: it keeps at least its first aliquot with it.
    if (!sheet.fits(2 * rowHeight)) drawTableHead(sheet);
    drawBoxHeading(sheet, box, `${lines.length} ${lines.length === 1 ? 'aliquot' : 'aliquots'}`);
    for (const line of lines) {
      if (!sheet.fits(rowHeight)) {
        drawTableHead(sheet);
        drawBoxHeading(sheet, box, 'continued');
      }
      drawRow(sheet, line);
    }
  }
  sheet.y -= rowHeight;
}

function drawTableHead(sheet: Sheet): void {
  let x = margin;
  for (const column of columns) {
    const at = column.right === true ? x + column.width - 6 : x;
    sheet.text(sheet.page, column.title, at, sheet.y - 10, {
      font: sheet.fonts.bold,
      size,
      width: column.width - 6,
      right: column.right ?? false,
    });
    x += column.width;
  }
  sheet.page.drawLine({
    start: { x: margin, y: sheet.y - 13 },
    end: { x: margin + width, y: sheet.y - 13 },
    thickness: 0.8,
  });
  sheet.y -= rowHeight + 2;
}

function drawBoxHeading(sheet: Sheet, box: string | null, note: string): void {
  sheet.page.drawRectangle({ x: margin, y: sheet.y - rowHeight + 1, width, height: rowHeight, color: band });
  const name = box === null ? 'Not in a box' : `Box ${box}`;
  sheet.text(sheet.page, name, margin + 3, sheet.y - 10, { font: sheet.fonts.bold, size, width: width - 120 });
  sheet.text(sheet.page, note, margin + width - 3, sheet.y - 10, { font: sheet.fonts.regular, size, right: true });
  sheet.y -= rowHeight;
}

function drawRow(sheet: Sheet, line: ManifestLine): void {
  let x = margin;
  for (const column of columns) {
    const at = column.right === true ? x + column.width - 6 : x;
    sheet.text(sheet.page, column.value(line), at, sheet.y - 10, {
      font: sheet.fonts.regular,
      size,
      width: column.width - 6,
      right: column.right ?? false,
    });
    x += column.width;
  }
  // The tick box of the "Received" column.
  sheet.page.drawRectangle({ x: x - 40, y: sheet.y - 11, width: 9, height: 9, borderWidth: 0.6, borderColor: grey });
  sheet.y -= rowHeight;
}

function drawBoxSummary(sheet: Sheet, boxes: readonly { box: string | null; lines: ManifestLine[] }[]): void {
  const head = () => {
    sheet.text(sheet.page, 'Boxes', margin, sheet.y - 12, { font: sheet.fonts.bold, size: 11 });
    sheet.text(sheet.page, 'Aliquots', margin + 220, sheet.y - 12, { font: sheet.fonts.bold, size, right: true });
    sheet.page.drawLine({
      start: { x: margin, y: sheet.y - 15 },
      end: { x: margin + 220, y: sheet.y - 15 },
      thickness: 0.8,
    });
    sheet.y -= rowHeight + 6;
  };
  sheet.fits(3 * rowHeight + 6);
  head();
  const rows = [
    ...boxes.map(({ box, lines }) => [box === null ? 'Not in a box' : box, String(lines.length)] as const),
    ['Total', String(boxes.reduce((sum, { lines }) => sum + lines.length, 0))] as const,
  ];
  rows.forEach(([name, count], i) => {
    if (!sheet.fits(rowHeight)) head();
    const font = i === rows.length - 1 ? sheet.fonts.bold : sheet.fonts.regular;
    sheet.text(sheet.page, name, margin, sheet.y - 10, { font, size, width: 160 });
    sheet.text(sheet.page, count, margin + 220, sheet.y - 10, { font, size, right: true });
    sheet.y -= rowHeight;
  });
  sheet.y -= rowHeight;
}

/** Sender and receiver side by side, each with name, signature and time; the receiver notes the condition. */
function drawSignOff(sheet: Sheet): void {
  const blocks = [
    { title: 'Sender', lines: ['Name', 'Signature', 'Date and time'] },
    { title: 'Receiver', lines: ['Name', 'Signature', 'Date and time', 'Condition on arrival'] },
  ];
  const height = 22 + 4 * 26;
  sheet.fits(height);
  const top = sheet.y;
  blocks.forEach((block, column) => {
    const x = margin + column * (width / 2 + 5);
    const right = x + width / 2 - 10;
    sheet.text(sheet.page, block.title, x, top - 12, { font: sheet.fonts.bold, size: 11 });
    block.lines.forEach((label, i) => {
      const y = top - 22 - (i + 1) * 26;
      sheet.text(sheet.page, label, x, y + 2, { font: sheet.fonts.regular, size: 8, color: grey });
      sheet.page.drawLine({ start: { x: x + 85, y }, end: { x: right, y }, thickness: 0.5, color: grey });
    });
  });
  sheet.y = top - height;
}

function volume(volumeUl: number | null): string {
  return volumeUl === null ? '' : formatVolume(volumeUl);
}
