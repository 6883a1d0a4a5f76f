import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { isApiError } from '../api/client.ts';
import { useT } from '../i18n/language.tsx';

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
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
  return (error, form, fields = []) => {
    const field = isApiError(error) ? error.field : undefined;
    if (form !== undefined && field !== undefined && fields.some((f) => field === f || field.startsWith(`${f}.`))) {
      const message = messageOf(error);
      // Schema errors read "field: problem"; under the field itself the name is noise.
      form.setFieldError(field, message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message);
      return;
    }
    notifications.show({ color: 'red', title: t.common.error, message: messageOf(error), autoClose: 8000 });
  };
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message });
}
