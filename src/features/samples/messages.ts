import { defineMessages } from '../../core/messages.ts';

export const sampleMessages = defineMessages('samples', {
  unknownVisit: (p: { visits: string }) => `unknown visit; one of ${p.visits}`,
  noBloodDrawn: (p: { visit: string }) =>
    `no visit ${p.visit} with blood drawn is recorded for this participant: record the visit first`,
  unknownTube: (p: { tube: string; tubes: string }) => `unknown tube type ${p.tube}; one of ${p.tubes}`,
  tubeNotDrawn: (p: { tube: string; visit: string; tubes: string }) =>
    `no ${p.tube} tube was drawn at ${p.visit}; the visit recorded ${p.tubes}`,
  tooManyTubes: (p: { tube: string; visit: string; recorded: number; processed: number }) =>
    `${p.visit} recorded ${p.recorded} ${p.tube} tube(s) and ${p.processed} are processed already: no more to process`,
  unknownSampleType: (p: { sampleType: string; types: string }) =>
    `unknown sample type ${p.sampleType}; one of ${p.types}`,
  notMadeFromTube: (p: { sampleType: string; tube: string; makes: string }) =>
    `a ${p.tube} tube does not make ${p.sampleType}; it makes ${p.makes}`,
  receivedBeforeDrawn: () => 'received before it was drawn',
  processedBeforeReceived: () => 'processed before it was received',
  inFuture: () => 'in the future',
  samplesToBeDestroyed: () => "this participant's samples are to be destroyed: no new samples are processed",
  barcodeFormat: () => 'a barcode is 1 to 32 letters, digits or signs, without spaces, ^ or ~',
  barcodeTaken: (p: { barcode: string }) => `barcode ${p.barcode} is in use already`,
  barcodeTwice: (p: { barcode: string }) => `barcode ${p.barcode} is given twice`,
  nameTaken: (p: { name: string }) => `${p.name} exists already here`,
  positionNeeded: () => 'which position in the box?',
  noPositionWithoutBox: () => 'a position needs a box; send boxId null alone to take the aliquot out',
  positionOutside: (p: { position: string; last: string }) =>
    `${p.position} is outside the box, whose positions run from A1 to ${p.last}`,
  positionTaken: (p: { position: string; barcode: string }) => `${p.position} holds ${p.barcode} already`,
  notPlaceable: (p: { barcode: string; status: string }) =>
    `${p.barcode} is ${p.status.replaceAll('_', ' ')}: it cannot be placed in a box`,
  otherSiteBox: () => 'the box is at another site than the aliquot: ship it there first',
  notInBox: (p: { barcode: string }) => `${p.barcode} is not in a box`,
  samePosition: (p: { position: string }) => `the aliquot is in ${p.position} already`,
  stale: (p: { version: number }) => `changed since you read it (now version ${p.version}): reload and try again`,
  notInStock: (p: { barcode: string; status: string }) =>
    `${p.barcode} is ${p.status.replaceAll('_', ' ')}: only an aliquot in stock can be thawed, used or shipped`,
  toBeDestroyed: (p: { barcode: string }) => `${p.barcode} is to be destroyed: it cannot be used or shipped`,
  fileEmpty: () => 'the file has no rows of barcode and position',
  fileColumns: (p: { found: number }) => `a row is a barcode and a position; this one has ${p.found} field(s)`,
  fileUnreadable: (p: { reason: string }) => `the file cannot be read as CSV: ${p.reason}`,
  fileTooLong: (p: { maximum: number }) => `at most ${p.maximum} rows in one file`,
  badPosition: (p: { position: string }) => `"${p.position}" is not a position such as B7`,
  unknownBarcode: (p: { barcode: string }) => `no aliquot ${p.barcode} at this site`,
  barcodeTwiceInFile: (p: { barcode: string; line: number }) => `${p.barcode} is on line ${p.line} already`,
  positionTwiceInFile: (p: { position: string; line: number }) => `${p.position} is on line ${p.line} already`,
  fileProblems: (p: { count: number; first: string }) =>
    `the file has ${p.count} problem(s), nothing was loaded; the first: ${p.first}`,
  noAliquots: (p: { visit: string }) => `no aliquots of ${p.visit} in stock to label`,
  sameSite: () => 'a shipment goes to another site',
  noSuchSite: (p: { siteId: number }) => `site ${p.siteId} does not exist`,
  nothingToShip: () => 'name the aliquots or boxes to ship',
  inOpenShipment: (p: { barcode: string; shipmentId: number }) => `${p.barcode} is in shipment ${p.shipmentId} already`,
  shipmentStatus: (p: { status: string; needed: string }) => `the shipment is ${p.status}; this needs it ${p.needed}`,
  notInShipment: (p: { aliquotId: number }) => `aliquot ${p.aliquotId} is not in this shipment`,
  itemTwice: (p: { aliquotId: number }) => `aliquot ${p.aliquotId} is listed twice`,
  unaccounted: (p: { barcodes: string }) => `say what came of every item; missing from the list: ${p.barcodes}`,
  taskDone: (p: { name: string; at: string }) => `this task was done by ${p.name} at ${p.at}`,
  inTransit: (p: { barcode: string }) => `${p.barcode} is in transit: destroy it where it arrives`,
});
