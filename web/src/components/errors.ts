import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { isApiError } from '../api/client.ts';
import { errorText } from '../i18n/error-text.ts';
import { useLanguage, useT } from '../i18n/language.tsx';

/** The text of an error in the chosen language (see errorText). */
export function useErrorText(): (error: unknown) => string {
  const { language } = useLanguage();
  const t = useT();
  return (error) => (isApiError(error) && error.code === 'network' ? t.common.offline : errorText(error, language));
}

interface FieldErrorTarget {
  setFieldError: (path: string, error: ReactNode) => void;
}

/**
 * Shows an API error under the form field it names, when the form has that field; otherwise as a
 * notification. `fields` are the form's paths (`memberships.0.siteId` matches `memberships`).
 */
export function useErrorHandler(): (error: unknown, form?: FieldErrorTarget, fields?: readonly string[]) => void {
  const t = useT();
  const { language } = useLanguage();
  const text = useErrorText();
  return (error, form, fields = []) => {
    const field = isApiError(error) ? error.field : undefined;
    if (form !== undefined && field !== undefined && fields.some((f) => field === f || field.startsWith(`${f}.`))) {
      form.setFieldError(field, errorText(error, language, true));
      return;
    }
    notifications.show({ color: 'red', title: t.common.error, message: text(error), autoClose: 8000 });
  };
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message });
}
