import type { Language } from '../api/types.ts';
import { nlErrors } from './nl-errors.ts';

/** What an error from the server (ApiError) or from a rule run in the browser (InputError) carries. */
interface Explained {
  message: string;
  key?: string | undefined;
  params?: Readonly<Record<string, string | number>> | undefined;
  field?: string | undefined;
}

const explained = (error: unknown): error is Explained =>
  typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';

/**
 * An error as the person reads it: in Dutch when its message key has a Dutch text (src/core/messages.ts keys),
 * else the English message the server wrote. `underField`: shown under the field it names, so without the
 * field's name, which the stand-alone English text starts with ("screenedOn: …").
 */
export function errorText(error: unknown, language: Language, underField = false): string {
  if (!explained(error)) return String(error);
  const [namespace = '', name = ''] = (error.key ?? '').split('.');
  const translate = language === 'nl' ? nlErrors[namespace]?.[name] : undefined;
  const field = error.field;
  if (translate !== undefined) {
    const text = (translate as (params: object) => string)(error.params ?? {});
    // Schema problems name the field in the English text; say which field in a notification too.
    return namespace === 'input' && !underField && field !== undefined ? `${field}: ${text}` : text;
  }
  if (underField && field !== undefined && error.message.startsWith(`${field}: `)) {
    return error.message.slice(field.length + 2);
  }
  return error.message;
}
