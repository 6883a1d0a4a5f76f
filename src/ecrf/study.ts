import type { Study } from '../protocol/study.ts';
import { clinicalCalculators } from './calculators.ts';
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
      compiled.set(version, compileForms(protocol.forms, clinicalCalculators));
    } catch (error) {
      if (!(error instanceof FormDefinitionError)) throw error;
      throw new FormDefinitionError(`protocol ${protocol.id} version ${version}: ${error.message}`);
    }
  }
  return compiled;
}
