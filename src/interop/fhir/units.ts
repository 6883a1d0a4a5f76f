import ucum from '@lhncbc/ucum-lhc';

/**
 * Unit conversion by UCUM (the NLM's ucum-lhc, which reads the UCUM definitions themselves): mg/dL ↔ µmol/L with
 * the substance's molecular weight, kPa → mm[Hg], % → 1, 10*9/L → 10*3/uL, mg/h → ug/min. A unit UCUM does not
 * know, or that measures something else (a creatinine in %), converts to nothing.
 */
const utils = ucum.UcumLhcUtils.getInstance();

export function convertUnit(value: number, from: string, to: string, molecularWeight?: number): number | null {
  if (from === to) return value;
  const result = utils.convertUnitTo(from, value, to, molecularWeight === undefined ? {} : { molecularWeight });
  return result.status === 'succeeded' && typeof result.toVal === 'number' && Number.isFinite(result.toVal)
    ? result.toVal
    : null;
}
