import type { Entity, Translations } from '../../../src/core/messages.ts';
import type { accessMessages, inputMessages } from '../../../src/core/messages.ts';
import type { authMessages } from '../../../src/features/auth/messages.ts';
import type { consentMessages } from '../../../src/features/consent/messages.ts';
import type { destructionMessages } from '../../../src/features/destruction/messages.ts';
import type { enrollmentMessages } from '../../../src/features/enrollment/messages.ts';
import type { participantMessages } from '../../../src/features/participants/messages.ts';
import type { screeningMessages } from '../../../src/features/screening/messages.ts';
import type { siteMessages } from '../../../src/features/sites/messages.ts';
import type { userMessages } from '../../../src/features/users/messages.ts';
import type { visitMessages } from '../../../src/features/visits/messages.ts';
import type { consentRuleMessages, scheduleMessages } from '../../../src/protocol/messages.ts';
import type { clinicalMessages } from '../../../src/clinical/messages.ts';
import type { ecrfMessages } from '../../../src/ecrf/messages.ts';
import type { crfMessages } from '../../../src/features/crf/messages.ts';
import { nlAnalysis } from './nl-analysis-errors.ts';
import { nlExports } from './nl-export-errors.ts';
import { nlDashboards } from './nl-dashboard-errors.ts';
import { nlFhirErrors, nlFhirImportErrors } from './nl-fhir-errors.ts';
import { nlLabRead, nlLabs } from './nl-lab-errors.ts';
import { nlSamples } from './nl-sample-errors.ts';
import { nlParticipants } from './nl-participants.ts';
import { nlScreening } from './nl-screening.ts';

/**
 * The server's messages in Dutch, by key (src/core/messages.ts). `Translations<…>` makes each set complete:
 * a message added on the server without a Dutch text here does not compile. Codes inside a message (an
 * outcome, an event kind) are shown with the names the screens use.
 */

const entityNames: Record<Entity, string> = {
  site: 'centrum',
  user: 'account',
  api_token: 'API-token',
  screening: 'screening',
  participant: 'deelnemer',
  destruction: 'vernietiging',
  query: 'query',
  freezer: 'vriezer',
  rack: 'rek',
  box: 'doos',
  aliquot: 'aliquot',
  shipment: 'zending',
  destruction_task: 'vernietigingstaak',
  lab_result: 'labuitslag',
  hladr_calibration: 'HLA-DR-kalibratie',
};

const outcome = (code: string) =>
  (nlScreening.screening.outcomes as Record<string, string>)[code]?.toLowerCase() ?? code.replaceAll('_', ' ');
const eventKind = (code: string) =>
  (nlParticipants.events.kinds as Record<string, string>)[code]?.toLowerCase() ?? code.replaceAll('_', ' ');

const input: Translations<typeof inputMessages> = {
  required: () => 'verplicht',
  empty: () => 'mag niet leeg zijn',
  tooShort: (p) => `ten minste ${p.minimum} tekens`,
  tooLong: (p) => `hoogstens ${p.maximum} tekens`,
  tooSmall: (p) => `ten minste ${p.minimum}`,
  tooSmallExclusive: (p) => `meer dan ${p.minimum}`,
  tooBig: (p) => `hoogstens ${p.maximum}`,
  tooBigExclusive: (p) => `minder dan ${p.maximum}`,
  tooFew: (p) => `ten minste ${p.minimum} nodig`,
  tooMany: (p) => `hoogstens ${p.maximum} toegestaan`,
  notOneOf: (p) => `een van ${p.options}`,
  wrongType: () => 'ongeldige waarde',
  notInteger: () => 'een geheel getal',
  notEmail: () => 'geen e-mailadres',
  unknownField: (p) => `onbekend veld "${p.field}"`,
  invalid: () => 'ongeldige waarde',
  calendarDate: () => 'een datum JJJJ-MM-DD, bijv. 2026-03-20',
  instant: () => 'een datum en tijd met tijdzone, bijv. 2026-03-02T14:20:00+01:00',
  username: () => 'een gebruikersnaam heeft 3-64 tekens: letters, cijfers, punt, streepje, liggend streepje',
  nothingToChange: () => 'er is niets gewijzigd',
  bodyEmpty: () => 'het verzoek is leeg',
  bodyNotJson: () => 'het verzoek is geen geldige JSON',
  badRequest: (p) => `ongeldig verzoek: ${p.reason}`,
  badCharacter: (p) => `bevat ${p.character}, en dat mag niet (een stuurteken of kapotte Unicode)`,
  offset: () => 'het verschil met UTC moet tussen -14:00 en +14:00 liggen, bijv. +01:00 of Z',
  dateRange: (p) => `tussen ${p.from} en ${p.to}`,
  totpSecret: () => 'de geheime sleutel van de instelling: 32 tot 96 tekens A-Z en 2-7',
  badPath: () => 'het adres is ongeldig: een kapotte %-code, of een deel langer dan 100 tekens',
};

const access: Translations<typeof accessMessages> = {
  notFound: (p) => `${entityNames[p.entity]} ${p.id} niet gevonden`,
  noEndpoint: (p) => `geen adres ${p.method} ${p.path}`,
  notAllowed: (p) => `je rollen staan dit niet toe (${p.action})`,
  notEverywhere: (p) => `hiervoor is een rol nodig die in alle centra geldt (${p.action})`,
  signInFirst: () => 'meld je eerst aan',
  csrf: () => 'de pagina is verouderd; laad haar opnieuw',
  changePasswordFirst: () => 'wijzig eerst je eerste wachtwoord',
  bearerFormat: () => 'de Authorization-header moet "Bearer <token>" zijn',
  tooManyAttempts: (p) => `te veel pogingen; wacht ${p.seconds} seconden`,
  tooLarge: () => 'het verzoek is te groot',
  sendJson: () => 'stuur het verzoek als application/json',
  raced: () => 'iemand anders wijzigde hetzelfde gegeven op hetzelfde moment; laad opnieuw en probeer het nog eens',
  internal: (p) => `er ging intern iets mis (verzoek ${p.requestId}); dit is vastgelegd`,
};

const auth: Translations<typeof authMessages> = {
  sessionExpiredIdle: (p) => `je sessie is verlopen na ${p.minutes} minuten zonder activiteit; meld je opnieuw aan`,
  sessionExpiredAge: (p) => `je sessie is verlopen na ${p.hours} uur; meld je opnieuw aan`,
  tokenUnknown: () => 'de API-token is onbekend of ingetrokken',
  accountDisabled: () => 'dit account is uitgeschakeld',
  signInFailed: () =>
    'de gebruikersnaam of het wachtwoord is onjuist, of dit account kan zich nu niet aanmelden; lukt het steeds niet, vraag dan de beheerder',
  totpRequired: () => 'voer de 6-cijferige code uit je authenticator-app in',
  totpWrong: () => 'de verificatiecode is onjuist',
  passwordTooShort: (p) => `het wachtwoord moet ten minste ${p.minimum} tekens lang zijn`,
  passwordTooLong: (p) => `het wachtwoord mag hoogstens ${p.maximum} tekens lang zijn`,
  passwordContainsUsername: () => 'het wachtwoord mag de gebruikersnaam niet bevatten',
  passwordWeak: () => 'dit wachtwoord is te makkelijk te raden; een paar losse woorden samen zijn sterker',
  passwordRepeats: () => 'herhaalde tekens of woorden (aaa, abcabc) zijn makkelijk te raden; gebruik losse woorden',
  passwordPattern: () =>
    'reeksen en toetsenbordrijen (abcd, 1234, qwerty) zijn makkelijk te raden; gebruik losse woorden',
  passwordDates: () => 'datums en jaartallen zijn makkelijk te raden; gebruik losse woorden',
  passwordCommon: () => 'dit is een van de meest gebruikte wachtwoorden; kies iets van jezelf',
  passwordFewWords: () => 'één woord of naam is makkelijk te raden; voeg meer losse woorden toe',
  passwordPersonal: () =>
    'het wachtwoord is gebouwd op je naam, je gebruikersnaam of de namen van de studie, en die zijn makkelijk te raden',
  forSignedInUsers: () => 'dit is voor aangemelde gebruikers',
  tokensAreRevoked: () => 'API-tokens worden ingetrokken, niet afgemeld',
  currentPasswordWrong: () => 'het huidige wachtwoord is onjuist',
  samePassword: () => 'kies een ander wachtwoord dan het huidige',
  totpAlreadySetUp: () => 'er is al een tweede factor ingesteld; zet die eerst uit',
  totpNotSetUp: () => 'er is geen tweede factor ingesteld',
  totpCodeMismatch: () => 'de code klopt niet; controleer de tijd op je telefoon en probeer de volgende code',
  passwordWrong: () => 'het wachtwoord is onjuist',
  tokenFromSession: () => 'API-tokens maak je vanuit een aangemelde sessie, niet met een andere token',
};

const sites: Translations<typeof siteMessages> = {
  codeFormat: () =>
    'een centrumcode heeft 2-8 letters of cijfers en begint met een letter (ze staat voor de studienummers, bijv. NIJ-001)',
  timeZone: () => 'geen naam van een tijdzone zoals Europe/Amsterdam',
  codeTaken: (p) => `er bestaat al een centrum met code ${p.code}`,
};

const users: Translations<typeof userMessages> = {
  atLeastOneRole: () => 'geef de gebruiker ten minste één rol',
  usernameTaken: (p) => `de gebruikersnaam ${p.username} is al in gebruik`,
  notYourself: () => 'je kunt je eigen account niet uitschakelen; een andere beheerder moet dat doen',
  notYourOwnRoles: () => 'je kunt je eigen rollen niet wijzigen; een andere beheerder moet dat doen',
  noSuchSite: (p) => `centrum ${p.siteId} bestaat niet`,
  lastAdministrator: () => 'er moet ten minste één actieve beheerder voor alle centra overblijven',
};

const screening: Translations<typeof screeningMessages> = {
  admissionInFuture: () => 'de IC/MC-opname ligt in de toekomst',
  screenedAfterToday: (p) => `de screeningsdatum ligt na vandaag (${p.today})`,
  screenedBeforeAdmission: (p) => `de screeningsdatum ligt vóór de IC/MC-opnamedatum (${p.date})`,
  sofaTwice: () => 'geef het SOFA-2-totaal of de SOFA-2-variabelen, niet beide',
  outcomeNotAllowed: (p) => `een screening met uitkomst ${outcome(p.from)} kan niet ${outcome(p.to)} worden`,
  reasonNotEnrolled: () => 'geef aan waarom de patiënt niet werd geïncludeerd',
  reasonNotApproached: () => 'geef aan waarom de patiënt niet werd benaderd',
};

const enrollment: Translations<typeof enrollmentMessages> = {
  notEligible: () => 'de patiënt was bij screening niet geschikt',
  notEnrollable: (p) => `een screening met uitkomst ${outcome(p.outcome)} kan niet worden geïncludeerd`,
  consentRefused: () => 'toestemming geweigerd: zet de screening op geweigerd in plaats van te includeren',
  beforeAdmission: () => 'vóór de IC/MC-opname',
  otherHospitalNumber: () => 'niet het ziekenhuisnummer dat bij de screening is opgegeven',
  enrolledAlready: (p) => `dit ziekenhuisnummer is al geïncludeerd als ${p.studyId}`,
};

const participants: Translations<typeof participantMessages> = {
  identityForSiteStaff: () => 'alleen de eigen coördinatoren en onderzoekers van het centrum zien identiteiten',
  hospitalNumberFixed: () => 'het ziekenhuisnummer identificeert de geïncludeerde persoon en kan niet worden gewijzigd',
  noIdentity: (p) => `van deelnemer ${p.participantId} is geen identiteit vastgelegd`,
  afterToday: (p) => `na vandaag (${p.today})`,
  beforeAdmission: (p) => `vóór de IC/MC-opname (${p.date})`,
  placeForDeathOnly: () => 'een plaats wordt alleen bij overlijden vastgelegd',
  destinationForTransferOnly: () => 'een bestemming wordt alleen bij overplaatsing vastgelegd',
  eventOnRecord: (p) => `${eventKind(p.kind)} is al vastgelegd (${p.date}); geef een reden om het te wijzigen`,
};

const consent: Translations<typeof consentMessages> = {
  leftStudy: (p) => `${p.studyId} is uit de studie (${p.reason.replaceAll('_', ' ')})`,
  unknownScope: (p) => `onbekende reikwijdte; een van ${p.scopes}`,
  unknownRequester: (p) => `een van ${p.requesters}`,
  withdrawnAlready: (p) => `${p.studyId} heeft zich al teruggetrokken`,
  beforeEnrollment: (p) => `vóór de inclusie (${p.date})`,
};

const consentRules: Translations<typeof consentRuleMessages> = {
  unknownType: (p) => `onbekend type toestemming; een van ${p.types}`,
  dateAfterToday: (p) => `de datum van toestemming ligt na vandaag (${p.today})`,
  decisionNeeded: () => 'gegeven of geweigerd?',
  deferralHasNoDecision: () =>
    'een uitgestelde toestemming heeft nog geen besluit; leg het besluit vast wanneer het gevraagd is',
  unknownLetter: (p) => `onbekende versie van de informatiebrief; een van ${p.versions}`,
  letterNeeded: () => 'welke versie van de informatiebrief is gelezen?',
  unknownOptionalItem: (p) => `onbekend optioneel onderdeel ${p.code}`,
  dueAfterDeferral: () => 'de uiterste datum moet na het uitstel liggen',
  dueOnlyForDeferral: () => 'alleen een uitgestelde toestemming heeft een uiterste datum',
};

const schedule: Translations<typeof scheduleMessages> = {
  beforeAdmissionDate: (p) => `vóór de datum van IC-opname (${p.date})`,
  beforeAdmission: () => 'vóór de IC-opname',
  afterDeath: () => 'na de datum van overlijden',
  afterDischarge: () => 'na de datum van ontslag uit het ziekenhuis',
  timeZone: () => 'een IANA-tijdzone zoals Europe/Amsterdam',
};

const visits: Translations<typeof visitMessages> = {
  unknownVisit: (p) => `onbekend bezoek; een van ${p.visits}`,
  recordedAlready: (p) => `${p.visit} is al vastgelegd; geef een reden om het te wijzigen`,
  doneHasNoMissedReason: () => 'een uitgevoerd bezoek heeft geen reden van missen',
  whenDone: () => 'wanneer is het bezoek uitgevoerd?',
  inFuture: () => 'in de toekomst',
  beforeAdmission: () => 'vóór de IC/MC-opname',
  afterFollowUpStopped: (p) => `de follow-up is gestopt op ${p.date}; geen bezoeken na die datum`,
  bloodDrawn: () => 'is er bloed afgenomen?',
  whyNoBlood: () => 'geef aan waarom er geen bloed is afgenomen',
  noBloodNoTubes: () => 'geen bloed afgenomen, dus geen buizen',
  bloodWasDrawn: () => 'er is bloed afgenomen',
  unknownTube: (p) => `onbekende buis ${p.tube}; een van ${p.tubes}`,
  whichTubes: () => 'welke buizen zijn afgenomen?',
  overLimit: (p) =>
    `${p.totalMl} mL is meer dan de grens van ${p.limitMl} mL per bezoek: neem minder buizen af, of leg de afwijking vast`,
  withinLimit: (p) => `binnen de grens van ${p.limitMl} mL: geen afwijking vast te leggen`,
  whyMissed: () => 'geef aan waarom het bezoek gemist is',
  missedHasNo: (p) => `een gemist bezoek heeft geen ${p.field}`,
};

const destruction: Translations<typeof destructionMessages> = {
  decidedAlready: (p) =>
    `over deze vernietiging is al besloten (${p.status === 'carried_out' ? 'uitgevoerd' : 'afgewezen'})`,
  secondPerson: () =>
    'een vernietiging vraagt een tweede persoon: je hebt haar aangevraagd, dus een andere onderzoeker beslist',
};

const clinical: Translations<typeof clinicalMessages> = {
  fio2: () => 'FiO2 is een fractie 0,21-1 of een percentage 21-100',
  eitherOr: (p) => `geef ${p.a} of ${p.b}, niet beide`,
  unknownCorticosteroid: (p) => `onbekend corticosteroïd "${p.drug}": kies uit ${p.drugs}`,
  eq5d5lProfile: () =>
    'een EQ-5D-5L-profiel is vijf cijfers 1-5, één per dimensie in de volgorde MO SC UA PD AD, bijvoorbeeld "21111"',
};

const ecrf: Translations<typeof ecrfMessages> = {
  entryShape: () => 'een invoer is {"value": …} (met "unit" als het veld eenheden heeft) of {"missing": <reden>}',
  noValue: () => 'geen waarde: vul er een in, of geef de reden waarom die ontbreekt',
  calculated: () => 'een berekend veld vul je niet in: het wordt berekend uit de velden waar het op steunt',
  missingNotAllowed: (p) => `een reden dat de waarde ontbreekt is een van: ${p.codes}`,
  textExpected: () => 'hier hoort tekst',
  textEmpty: () => 'leeg: vul tekst in, of geef de reden waarom die ontbreekt',
  textTooLong: (p) => `hoogstens ${p.maximum} tekens`,
  integerExpected: () => 'hier hoort een geheel getal',
  integerRange: (p) => `een geheel getal van ${p.min} tot ${p.max}`,
  numberExpected: () => 'hier hoort een getal',
  tooManyDecimals: (p) => (p.precision === 0 ? 'hier hoort een geheel getal' : `hoogstens ${p.precision} decimalen`),
  noUnit: () => 'dit veld heeft geen eenheid',
  unitNotAccepted: (p) => `eenheid "${p.unit}" kan hier niet: een van ${p.units}`,
  yesNoExpected: () => 'hier hoort ja of nee (true of false)',
  choiceExpected: (p) => `een van: ${p.codes}`,
  unknownCode: (p) => `"${p.code}" is geen keuzemogelijkheid: een van ${p.codes}`,
  choicesExpected: (p) => `een lijst van keuzes uit: ${p.codes} ([] als geen ervan van toepassing is)`,
  duplicateCode: (p) => `"${p.code}" heb je twee keer gekozen`,
};

const crf: Translations<typeof crfMessages> = {
  unknownForm: (p) => `onbekend formulier; een van ${p.forms}`,
  slotNotScheduled: (p) => `formulier ${p.form} hoort hier niet; het wordt ingevuld ${p.slots}`,
  visitMissed: (p) => `visite ${p.visit} is als gemist geregistreerd: die heeft geen formuliergegevens`,
  unknownItem: () => 'geen veld van dit formulier',
  unknownGroup: () => 'geen herhalende groep van dit formulier',
  inRepeatingGroup: (p) => `een veld van herhalende groep ${p.group}: stuur het in rows.${p.group}`,
  itemOfOtherGroup: (p) => `geen veld van groep ${p.group}`,
  hardFinding: (p) => p.message,
  stale: (p) =>
    `het formulier is gewijzigd sinds je het opende (nu versie ${p.version}; gewijzigd: ${p.changed}): laad het opnieuw en voer je wijzigingen opnieuw in`,
  locked: (p) => `het formulier is vergrendeld (${p.level}${p.reason}): een datamanager kan het ontgrendelen`,
  reasonForChange: (p) => `het formulier is ${p.status}: geef de reden van de wijziging`,
  notStarted: () => 'het formulier heeft nog geen gegevens',
  incomplete: (p) => `verplichte velden zonder invoer: ${p.items}`,
  wrongStatus: (p) => `het formulier is ${p.status}; hiervoor moet het ${p.needed} zijn`,
  wrongPassword: () => 'het wachtwoord klopt niet: het formulier is niet ondertekend',
  alreadyLocked: () => 'al vergrendeld',
  notLocked: () => 'niet vergrendeld',
  reasonToUnlock: () => 'zeg waarom het ontgrendeld wordt',
  unknownVisit: (p) => `onbekende visite; een van ${p.visits}`,
  queryItem: () => 'geen veld van dit formulier (de id, of groep[rij].id in een herhalende groep)',
  queryClosed: () => 'de query is gesloten: heropen hem eerst',
  queryNotOpen: (p) => `de query is ${p.status}`,
  assigneeNotAtSite: () => 'deze gebruiker werkt niet in het centrum van de query',
  odmStudy: (p) => `StudyOID ${p.given} is niet deze studie (${p.study})`,
  odmMetaDataVersion: (p) =>
    `MetaDataVersionOID ${p.given} is geen protocolversie van deze studie; een van ${p.versions}`,
  odmUnknownSubject: (p) =>
    `geen deelnemer ${p.subject}: deelnemers worden in septype geïncludeerd, een import maakt ze nooit aan`,
  odmUnknownEvent: (p) =>
    `onbekende StudyEventOID ${p.oid}: SE.<visitecode>, SE.ICU_DAY met StudyEventRepeatKey <IC-dag>, of SE.ONCE`,
  odmUnknownForm: (p) => `onbekende FormOID ${p.oid}: F.<formulier>.V<formulierversie>`,
  odmFormRepeat: () => 'een formulier wordt één keer per study event ingevuld: geen FormRepeatKey anders dan 1',
  odmFormVersion: (p) => `versie ${p.given} van het formulier is niet die van het record (versie ${p.used})`,
  odmUnknownGroup: (p) => `ItemGroupOID ${p.oid} is geen veldgroep van formulier ${p.form}`,
  odmRepeatKey: (p) => `groep ${p.group} herhaalt: de ItemGroupRepeatKey is het rijnummer (1, 2, …)`,
  odmNotRepeating: (p) => `groep ${p.group} herhaalt niet: geen ItemGroupRepeatKey anders dan 1`,
  odmUnknownItem: (p) => `ItemOID ${p.oid} is geen veld van groep ${p.group}`,
  odmNoValue: () => 'geen Value: geef er een, of IsNull="Yes" met de ontbrekingscode als flag',
  odmNullWithValue: () => 'IsNull="Yes" én een Value: geef het een of het ander',
  odmMissingFlag: (p) =>
    `IsNull="Yes" vraagt een Annotation/Flag/FlagValue van codelijst ${p.codeList} met een van ${p.codes}`,
  odmCalculated: () => 'een berekend veld: niet geïmporteerd, septype berekent het uit de ingevoerde velden',
  odmRemoveNotSupported: (p) =>
    `TransactionType="Remove" op ${p.element} kan niet: verwijder de velden (ItemData) ervan`,
};

/** By namespace, as the keys are written (`screening.screenedAfterToday`). */
export const nlErrors: Record<string, Record<string, (params: never) => string>> = {
  input,
  access,
  auth,
  sites,
  users,
  screening,
  enrollment,
  participants,
  consent,
  consentRules,
  schedule,
  visits,
  destruction,
  clinical,
  ecrf,
  crf,
  labs: nlLabs,
  labRead: nlLabRead,
  samples: nlSamples,
  dashboards: nlDashboards,
  analysis: nlAnalysis,
  exports: nlExports,
  fhir: nlFhirErrors,
  fhirImport: nlFhirImportErrors,
};
