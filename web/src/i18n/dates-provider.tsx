import { DatesProvider } from '@mantine/dates';
// dayjs ships English only: the provider's 'nl' needs its locale loaded.
import 'dayjs/locale/nl';
import type { ReactNode } from 'react';
import { useLanguage } from './language.tsx';

/**
 * Mantine's date pickers in the app's language (month and day names); must sit inside LanguageProvider.
 * Kept apart from components/DateFields.tsx so the pickers load with the pages that use them, not up front.
 */
export function DatesLanguageProvider({ children }: { children: ReactNode }) {
  const { language } = useLanguage();
  // Weeks start on Monday in the Netherlands (and in ISO 8601), also on the English screen.
  return <DatesProvider settings={{ locale: language, firstDayOfWeek: 1 }}>{children}</DatesProvider>;
}
