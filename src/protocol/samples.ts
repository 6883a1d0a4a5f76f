/**
 * The shape of a study's sample plan, as data: the tube types, which tubes each visit draws, and the most
 * blood a visit may take. A protocol module fills it in; nothing here belongs to one study.
 */

export interface TubeType {
  code: string;
  name: string;
  /** Nominal draw volume of one tube, in mL. */
  volumeMl: number;
  /** What the tube is for (read by lab staff, not by code). */
  purpose: string;
  /** The sample types (codes of `SamplePlan.sampleTypes`) its aliquots may be. */
  makes: readonly string[];
}

/** What an aliquot holds (plasma, serum, PBMC ...), and how long after the draw it may still be processed. */
export interface SampleType {
  code: string;
  name: string;
  /** Draw to processing, in minutes, beyond which the aliquot is flagged (pre-analytical delay); null: no limit. */
  maxDelayMinutes: number | null;
  /** The usual volume of one aliquot, in µL, offered when aliquoting. */
  defaultVolumeUl: number | null;
}

export interface TubeCount {
  tube: string;
  count: number;
}

export interface SamplePlan {
  /** The most blood drawn at one visit, in mL (the sum of all tubes); more needs a documented deviation. */
  maxBloodMlPerVisit: number;
  tubes: readonly TubeType[];
  sampleTypes: readonly SampleType[];
  /** The tubes each visit draws, by visit code; a visit without an entry draws no blood. */
  perVisit: Readonly<Record<string, readonly TubeCount[]>>;
}

export interface BloodVolume {
  totalMl: number;
  overLimitMl: number;
  withinLimit: boolean;
}

/** The blood a set of tubes takes, against the plan's per-visit limit. Unknown tube codes throw. */
export function bloodVolume(plan: SamplePlan, tubes: readonly TubeCount[]): BloodVolume {
  let total = 0;
  for (const { tube, count } of tubes) {
    const type = plan.tubes.find((t) => t.code === tube);
    if (type === undefined) throw new RangeError(`unknown tube type ${tube}`);
    total += type.volumeMl * count;
  }
  // Volumes such as 2.5 mL add up exactly at one decimal; round away float noise.
  const totalMl = Math.round(total * 1000) / 1000;
  const overLimitMl = Math.max(0, Math.round((totalMl - plan.maxBloodMlPerVisit) * 1000) / 1000);
  return { totalMl, overLimitMl, withinLimit: overLimitMl === 0 };
}
