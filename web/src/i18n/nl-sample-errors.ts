import type { Translations } from '../../../src/core/messages.ts';
import type { sampleMessages } from '../../../src/features/samples/messages.ts';

/** The biobank's messages (src/features/samples/messages.ts) in Dutch; nl-errors.ts files them under `samples`. */

const status = (code: string) =>
  ({
    unplaced: 'niet opgeborgen',
    stored: 'opgeborgen',
    in_transit: 'onderweg',
    used: 'opgebruikt',
    destroyed: 'vernietigd',
    prepared: 'klaargezet',
    sent: 'verzonden',
    received: 'ontvangen',
  })[code] ?? code.replaceAll('_', ' ');

export const nlSamples: Translations<typeof sampleMessages> = {
  unknownVisit: (p) => `onbekende visite; een van ${p.visits}`,
  noBloodDrawn: (p) =>
    `voor deze deelnemer is geen visite ${p.visit} met bloedafname vastgelegd: leg eerst de visite vast`,
  unknownTube: (p) => `onbekend buistype ${p.tube}; een van ${p.tubes}`,
  tubeNotDrawn: (p) => `bij ${p.visit} is geen ${p.tube}-buis afgenomen; de visite vermeldt ${p.tubes}`,
  tooManyTubes: (p) =>
    `bij ${p.visit} zijn ${p.recorded} ${p.tube}-buis/buizen vastgelegd en ${p.processed} al verwerkt: er is er geen meer te verwerken`,
  unknownSampleType: (p) => `onbekend monstertype ${p.sampleType}; een van ${p.types}`,
  notMadeFromTube: (p) => `van een ${p.tube}-buis maak je geen ${p.sampleType}, wel ${p.makes}`,
  receivedBeforeDrawn: () => 'ontvangen vóór de afname',
  processedBeforeReceived: () => 'verwerkt vóór de ontvangst',
  inFuture: () => 'in de toekomst',
  samplesToBeDestroyed: () =>
    'de monsters van deze deelnemer worden vernietigd: er worden geen nieuwe monsters verwerkt',
  barcodeFormat: () => 'een barcode is 1 tot 32 letters, cijfers of tekens, zonder spaties, ^ of ~',
  barcodeTaken: (p) => `barcode ${p.barcode} is al in gebruik`,
  barcodeTwice: (p) => `barcode ${p.barcode} staat er twee keer in`,
  nameTaken: (p) => `${p.name} bestaat hier al`,
  positionNeeded: () => 'welke positie in de doos?',
  noPositionWithoutBox: () => 'een positie hoort bij een doos; stuur alleen boxId null om de aliquot eruit te halen',
  positionOutside: (p) => `${p.position} ligt buiten de doos, waarvan de posities lopen van A1 tot ${p.last}`,
  positionTaken: (p) => `op ${p.position} staat al ${p.barcode}`,
  notPlaceable: (p) => `${p.barcode} is ${status(p.status)}: die kan niet in een doos`,
  otherSiteBox: () => 'de doos staat in een ander centrum dan de aliquot: verzend die eerst daarheen',
  notInBox: (p) => `${p.barcode} staat niet in een doos`,
  samePosition: (p) => `de aliquot staat al op ${p.position}`,
  stale: (p) => `gewijzigd sinds je het opende (nu versie ${p.version}): laad opnieuw en probeer het nog eens`,
  notInStock: (p) =>
    `${p.barcode} is ${status(p.status)}: alleen een aliquot in voorraad kan worden ontdooid, gebruikt of verzonden`,
  toBeDestroyed: (p) => `${p.barcode} wordt vernietigd: die kan niet worden gebruikt of verzonden`,
  fileEmpty: () => 'het bestand heeft geen regels met barcode en positie',
  fileColumns: (p) => `een regel is een barcode en een positie; deze heeft ${p.found} veld(en)`,
  fileUnreadable: (p) => `het bestand is niet als CSV te lezen: ${p.reason}`,
  fileTooLong: (p) => `hoogstens ${p.maximum} regels in één bestand`,
  badPosition: (p) => `"${p.position}" is geen positie zoals B7`,
  unknownBarcode: (p) => `geen aliquot ${p.barcode} in dit centrum`,
  barcodeTwiceInFile: (p) => `${p.barcode} staat al op regel ${p.line}`,
  positionTwiceInFile: (p) => `${p.position} staat al op regel ${p.line}`,
  fileProblems: (p) => `het bestand heeft ${p.count} probleem/problemen, er is niets geladen; het eerste: ${p.first}`,
  noAliquots: (p) => `geen aliquots van ${p.visit} in voorraad om te etiketteren`,
  sameSite: () => 'een zending gaat naar een ander centrum',
  noSuchSite: (p) => `centrum ${p.siteId} bestaat niet`,
  nothingToShip: () => 'noem de aliquots of dozen die verzonden worden',
  inOpenShipment: (p) => `${p.barcode} zit al in zending ${p.shipmentId}`,
  shipmentStatus: (p) => `de zending is ${status(p.status)}; hiervoor moet ze ${status(p.needed)} zijn`,
  notInShipment: (p) => `aliquot ${p.aliquotId} zit niet in deze zending`,
  itemTwice: (p) => `aliquot ${p.aliquotId} staat er twee keer in`,
  unaccounted: (p) => `geef voor elk onderdeel aan hoe het aankwam; nog niet vermeld: ${p.barcodes}`,
  taskDone: (p) => `deze taak is al uitgevoerd door ${p.name} op ${p.at}`,
  inTransit: (p) => `${p.barcode} is onderweg: vernietig die waar ze aankomt`,
};
