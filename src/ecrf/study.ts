import type { Study } from '../protocol/study.ts';
import { calculatorsFor } from './calculators.ts';
import { compileForms, FormDefinitionError, type CompiledForm } from './compile.ts';

/** Each protocol version's forms, compiled, by protocol version and then `form@version`. */
export type StudyForms = ReadonlyMap<string, ReadonlyMap<string, CompiledForm>>;

/**
 * Compiles the forms of every protocol version of the study. The server does it as it starts: a definition
 * error (a misspelt item in a condition, a calculation of the wrong type) stops it with a message that names the
 * protocol version, the form, the item or check and the expression, before anyone enters data.
 */
export function compileStudyForms(study: Study): StudyForms {
  const compiled = new Map<string, ReadonlyMap<string, CompiledForm>>();
  for (const [version, protocol] of Object.entries(study.versions)) {
    try {
      compiled.set(version, compileForms(protocol.forms, calculatorsFor(protocol.forms)));
    } catch (error) {
      if (!(error instanceof FormDefinitionError)) throw error;
      throw new FormDefinitionError(`protocol ${protocol.id} version ${version}: ${error.message}`);
    }
  }
  return compiled;
}

const compiledStudies = new WeakMap<Study, StudyForms>();

/** The study's compiled forms, compiled once per study object (the server compiled them at start already). */
export function studyForms(study: Study): StudyForms {
  let forms = compiledStudies.get(study);
  if (forms === undefined) {
    forms = compileStudyForms(study);
    compiledStudies.set(study, forms);
  }
  return forms;
}

/**
 * A form as one protocol version defines it, or (with `formVersion`) the version a record was entered under,
 * from whichever protocol version defines it: old records stay readable after an amendment.
 */
export function compiledForm(
  study: Study,
  protocolVersion: string,
  formId: string,
  formVersion?: string,
): CompiledForm | undefined {
  const all = studyForms(study);
  if (formVersion === undefined) {
    const definition = study.versions[protocolVersion]?.forms.forms.find((f) => f.id === formId);
    return definition === undefined ? undefined : all.get(protocolVersion)?.get(`${formId}@${definition.version}`);
  }
  const key = `${formId}@${formVersion}`;
  const own = all.get(protocolVersion)?.get(key);
  if (own !== undefined) return own;
  for (const forms of all.values()) {
    const found = forms.get(key);
    if (found !== undefined) return found;
  }
  return undefined;
}
