import type { CodeList, ItemDefinition } from '../../forms.ts';

/**
 * Code lists more than one form of NCT07273344 uses, and small helpers that keep the forms readable. Codes are
 * stable (they are stored and exported); labels are sentence case and may change between versions.
 */

export const codeList = (id: string, options: readonly (readonly [code: string, label: string])[]): CodeList => ({
  id,
  options: options.map(([code, label]) => ({ code, label })),
});

/** A yes/no question, required unless told otherwise. */
export const yesNo = (id: string, label: string, extra: Partial<ItemDefinition> = {}): ItemDefinition => ({
  id,
  label,
  type: 'yes_no',
  required: true,
  ...extra,
});

export const date = (id: string, label: string, extra: Partial<ItemDefinition> = {}): ItemDefinition => ({
  id,
  label,
  type: 'date',
  ...extra,
});

/** A free text that says what "other" is, shown and required when the choice is "other". */
export const otherSpecify = (id: string, choice: string, multiple = false): ItemDefinition => ({
  id,
  label: 'Other, specify',
  type: 'text',
  required: true,
  showWhen: multiple ? `"other" in ${choice}` : `${choice} == "other"`,
});

/**
 * Sites of infection: the six of the International Sepsis Forum consensus definitions (Calandra & Cohen, Crit
 * Care Med 2005) and the sites ISF does not cover, marked non-ISF so that analyses can keep or drop them
 * (infection-sites.md).
 */
export const infectionSites = codeList('infection_site', [
  ['pneumonia', 'Pneumonia (ISF: community-acquired, hospital-acquired, ventilator-associated)'],
  ['bloodstream', 'Bloodstream infection, primary bacteraemia or endocarditis (ISF)'],
  ['catheter_related', 'Intravascular catheter-related infection (ISF)'],
  ['intra_abdominal', 'Intra-abdominal infection (ISF: peritonitis, abscess, biliary, infected necrosis)'],
  ['urinary_tract', 'Urinary tract infection (ISF)'],
  ['surgical_wound', 'Surgical wound infection (ISF: superficial, deep incisional, organ or space)'],
  ['central_nervous_system', 'Central nervous system infection (non-ISF)'],
  ['skin_soft_tissue', 'Skin and soft tissue infection, non-surgical (non-ISF)'],
  ['bone_joint', 'Bone and joint infection (non-ISF)'],
  ['other', 'Other site (non-ISF)'],
  ['unknown', 'Unknown source (non-ISF)'],
]);

export const sexes = codeList('sex', [
  ['female', 'Female'],
  ['male', 'Male'],
]);

export const vitalStatuses = codeList('vital_status', [
  ['alive', 'Alive'],
  ['died', 'Died'],
  ['unknown', 'Unknown'],
]);

export const discharge = codeList('discharge_status', [
  ['discharged_alive', 'Discharged alive'],
  ['died', 'Died'],
]);

export const commonCodeLists: readonly CodeList[] = [infectionSites, sexes, vitalStatuses, discharge];
