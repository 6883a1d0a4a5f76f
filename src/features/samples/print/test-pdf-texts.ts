import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFObject } from 'pdf-lib';

/**
 * For the tests: the text drawn on each page of a PDF that pdf-lib wrote, as the strings of its `Tj` operators
 * (pdf-lib draws standard-font text as hex strings of WinAnsi codes, which Latin-1 decodes but for € and a few
 * punctuation marks). pdf-lib has no text extraction of its own.
 */
export async function pdfPageTexts(bytes: Uint8Array): Promise<string[][]> {
  const document = await PDFDocument.load(bytes);
  return document.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams: PDFObject[] =
      contents instanceof PDFArray ? contents.asArray() : contents === undefined ? [] : [contents];
    const operators = streams
      .map((ref) => document.context.lookup(ref))
      .filter((stream): stream is PDFRawStream => stream instanceof PDFRawStream)
      .map((stream) => Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1'))
      .join('\n');
    return [...operators.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((match) =>
      Buffer.from(match[1] ?? '', 'hex').toString('latin1'),
    );
  });
}
