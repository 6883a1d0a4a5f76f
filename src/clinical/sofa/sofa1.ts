import { normalizeWindow, type SofaWindow } from './input.ts';
import { sofaResult, type Organ, type OrganScore, type SofaResult } from './result.ts';

/** One row of a SOFA-1 table: a value beyond `bound` earns `points`. Rows run worst first; the first match wins. */
interface Row {
  readonly bound: number;
  readonly points: number;
}
type Agent = 'dopamineUgKgMin' | 'epinephrineUgKgMin' | 'norepinephrineUgKgMin';

/**
 * Vincent et al., Intensive Care Med 1996;22:707–710, table 1. The published ranges (bilirubin 1.2–1.9,
 * 2.0–5.9, …) leave gaps between one-decimal values; reading each row from its lower bound closes them
 * (1.95 mg/dL belongs to 1.2–1.9). docs/clinical-rules.md lists every such reading.
 */
export const sofa1Rules = {
  /** GCS below the bound (13–14 → 1; 10–12 → 2; 6–9 → 3; < 6 → 4). */
  gcsBelow: [row(6, 4), row(10, 3), row(13, 2), row(15, 1)],
  /** PaO2/FiO2 in mmHg below the bound; 3 and 4 only with respiratory support. */
  pfRatioBelow: [row(100, 4), row(200, 3), row(300, 2), row(400, 1)],
  respiratoryMaxWithoutSupport: 2,
  /** Doses in µg/kg/min above the bound; a dose of 0 means the agent is not running. */
  vasoactiveAbove: [
    { agent: 'dopamineUgKgMin', ...row(15, 4) },
    { agent: 'epinephrineUgKgMin', ...row(0.1, 4) },
    { agent: 'norepinephrineUgKgMin', ...row(0.1, 4) },
    { agent: 'dopamineUgKgMin', ...row(5, 3) },
    { agent: 'epinephrineUgKgMin', ...row(0, 3) },
    { agent: 'norepinephrineUgKgMin', ...row(0, 3) },
    { agent: 'dopamineUgKgMin', ...row(0, 2) },
  ] satisfies readonly (Row & { agent: Agent })[],
  /** "Any dose of dobutamine": the contract's otherVasoactive flag is the only place dobutamine can be. */
  otherVasoactivePoints: 2,
  mapBelow: [row(70, 1)],
  bilirubinMgDlAtLeast: [row(12, 4), row(6, 3), row(2, 2), row(1.2, 1)],
  creatinineMgDlAtLeast: [row(5, 4), row(3.5, 3), row(2, 2), row(1.2, 1)],
  urineMlDayBelow: [row(200, 4), row(500, 3)],
  /** Hours of zero urine output that make the whole 24-hour window anuric (0 mL/day). */
  anuriaHoursForWholeDay: 24,
  plateletsBelow: [row(20, 4), row(50, 3), row(100, 2), row(150, 1)],
} as const;

function row(bound: number, points: number): Row {
  return { bound, points };
}

/**
 * Removes floating-point noise from unit conversions and ratios before a value meets a bound:
 * 102.6 µmol/L / 17.1 is 5.999999999999999 in floating point, but it is 6.0 mg/dL and scores 3.
 */
const clean = (value: number): number => Math.round(value * 1e6) / 1e6;
const show = (value: number): string => String(Math.round(value * 1000) / 1000);
const below = (value: number, rows: readonly Row[]): number => rows.find((r) => clean(value) < r.bound)?.points ?? 0;
const atLeast = (value: number, rows: readonly Row[]): number => rows.find((r) => clean(value) >= r.bound)?.points ?? 0;

/** SOFA-1 of one window in canonical units. Fields that only SOFA-2 uses are ignored (and noted when set). */
export function scoreSofa1(window: SofaWindow, inputNotes: string[] = []): SofaResult {
  const scores: Record<Organ, OrganScore> = {
    brain: brain(window),
    respiratory: respiratory(window),
    cardiovascular: cardiovascular(window),
    liver: measuredBy(window.bilirubinMgDl, 'bilirubin', 'mg/dL', (v) => atLeast(v, sofa1Rules.bilirubinMgDlAtLeast)),
    kidney: kidney(window),
    hemostasis: measuredBy(window.plateletsE3PerUl, 'platelets', '×10³/µL', (v) => below(v, sofa1Rules.plateletsBelow)),
  };
  return sofaResult('sofa1', scores, inputNotes);
}

/** The command-line/API entry: validate and convert one window, then score it. */
export function scoreSofa1Input(raw: unknown): SofaResult {
  const { window, notes } = normalizeWindow(raw);
  return scoreSofa1(window, notes);
}

function measuredBy(value: number | undefined, name: string, unit: string, score: (v: number) => number): OrganScore {
  if (value === undefined) return { points: null, notes: [`${name} not measured`] };
  const points = score(value);
  return { points, notes: [`${name} ${show(value)} ${unit} → ${points}`] };
}

function brain(w: SofaWindow): OrganScore {
  const notes = w.deliriumDrugTreatment ? ['delirium drug treatment is a SOFA-2 rule: not used'] : [];
  if (w.sedated) {
    // Vincent 1996: score the sedated patient as if not sedated, so the GCS under sedation is not used.
    // Unknown pre-sedation GCS: 0, but reported missing (as SOFA-2 does) so a later value can be carried forward.
    if (w.gcs !== undefined) notes.push('GCS assessed under sedation not used');
    if (w.gcsBeforeSedation === undefined) {
      return { points: null, notes: [...notes, 'sedated, GCS before sedation unknown → 0 (reported as missing)'] };
    }
    const points = below(w.gcsBeforeSedation, sofa1Rules.gcsBelow);
    return { points, notes: [...notes, `sedated: last GCS before sedation ${w.gcsBeforeSedation} → ${points}`] };
  }
  if (w.gcs === undefined) {
    const why = w.gcsMotor === undefined ? '' : ' (a motor score alone is a SOFA-2 rule)';
    return { points: null, notes: [...notes, `GCS not measured${why}`] };
  }
  const points = below(w.gcs, sofa1Rules.gcsBelow);
  return { points, notes: [...notes, `GCS ${w.gcs} → ${points}`] };
}

function respiratory(w: SofaWindow): OrganScore {
  const notes = w.respiratorySupportUnavailable
    ? ['support unavailable/ceiling of treatment is a SOFA-2 rule: 3-4 still need support']
    : [];
  if (w.pao2MmHg === undefined || w.fio2 === undefined) {
    const lacking = w.pao2MmHg === undefined ? 'PaO2' : 'FiO2';
    const why = w.pao2MmHg === undefined && w.spo2Pct !== undefined ? ' (SpO2/FiO2 is a SOFA-2 rule)' : '';
    return { points: null, notes: [...notes, `${lacking} not measured: no PaO2/FiO2${why}`] };
  }
  const ratio = clean(w.pao2MmHg / w.fio2);
  const byRatio = below(ratio, sofa1Rules.pfRatioBelow);
  // VV-ECMO for lung failure is respiratory support; SOFA-1 has no ECMO rule of its own.
  const supported = w.advancedRespiratorySupport || w.ecmo === 'respiratory';
  const cap = sofa1Rules.respiratoryMaxWithoutSupport;
  if (!supported && byRatio > cap) {
    return {
      points: cap,
      notes: [...notes, `PaO2/FiO2 ${show(ratio)} → ${byRatio}, capped at ${cap}: no respiratory support`],
    };
  }
  return { points: byRatio, notes: [...notes, `PaO2/FiO2 ${show(ratio)} → ${byRatio}`] };
}

function cardiovascular(w: SofaWindow): OrganScore {
  const notes: string[] = [];
  if (w.mechanicalCirculatorySupport || w.ecmo === 'cardiac') {
    notes.push('mechanical circulatory support is a SOFA-2 rule: not used');
  }
  if (w.vasoactivesUnavailable) notes.push('vasoactives unavailable: the MAP-only scale is a SOFA-2 rule, not used');
  const candidates: { points: number; why: string }[] = [];
  const agent = sofa1Rules.vasoactiveAbove.find((r) => clean(w[r.agent] ?? 0) > r.bound);
  if (agent !== undefined) {
    candidates.push({ points: agent.points, why: `${agent.agent.replace('UgKgMin', '')} ${w[agent.agent]} µg/kg/min` });
  }
  if (w.otherVasoactive) {
    candidates.push({ points: sofa1Rules.otherVasoactivePoints, why: 'other vasoactive counted as dobutamine' });
  }
  if (w.mapMmHg !== undefined) {
    candidates.push({ points: below(w.mapMmHg, sofa1Rules.mapBelow), why: `MAP ${w.mapMmHg} mmHg` });
  }
  // A dose of 0 means "not running" and says nothing about the circulation: without a MAP or a running
  // agent the organ is missing (as in SOFA-2), not a reassuring 0.
  const worst = [...candidates].sort((a, b) => b.points - a.points)[0];
  if (worst === undefined) return { points: null, notes: [...notes, 'no MAP and no vasoactive running'] };
  return { points: worst.points, notes: [...notes, `${worst.why} → ${worst.points}`] };
}

function kidney(w: SofaWindow): OrganScore {
  const notes = w.rrt ? ['RRT is not part of SOFA-1: scored from creatinine and urine output'] : [];
  const scores: number[] = [];
  if (w.creatinineMgDl !== undefined) {
    const points = atLeast(w.creatinineMgDl, sofa1Rules.creatinineMgDlAtLeast);
    scores.push(points);
    notes.push(`creatinine ${show(w.creatinineMgDl)} mg/dL → ${points}`);
  } else {
    notes.push('creatinine not measured');
  }
  if (w.urineOutputMlKgH !== undefined) {
    // SOFA-1 counts mL/day; the window gives mL/kg/h and no weight. Only anuria over the whole window converts.
    const anuricDay = w.urineOutputMlKgH === 0 && (w.urineOutputHours ?? 0) >= sofa1Rules.anuriaHoursForWholeDay;
    if (anuricDay) {
      const points = below(0, sofa1Rules.urineMlDayBelow);
      scores.push(points);
      notes.push(`anuria for ${w.urineOutputHours} h: 0 mL/day → ${points}`);
    } else {
      notes.push('urine output in mL/kg/h cannot be converted to mL/day without body weight: not scored');
    }
  }
  if (scores.length === 0) return { points: null, notes };
  return { points: Math.max(...scores), notes };
}
