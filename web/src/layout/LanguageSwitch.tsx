import { SegmentedControl } from '@mantine/core';
import { meEndpoints } from '../api/endpoints.ts';
import { api } from '../api/client.ts';
import { useSession } from '../api/session.tsx';
import type { Language } from '../api/types.ts';
import { useErrorHandler } from '../components/errors.ts';
import { useLanguage, useT } from '../i18n/language.tsx';

/** Switches the language at once; for a signed-in user it is also saved to the account. */
export function LanguageSwitch() {
  const t = useT();
  const { language, setLanguage } = useLanguage();
  const { session, refresh } = useSession();
  const showError = useErrorHandler();

  const change = (value: string) => {
    const next: Language = value === 'nl' ? 'nl' : 'en';
    setLanguage(next);
    // Until a one-time password is replaced the server refuses every other change: keep it in the browser only.
    if (session === null || session.user.mustChangePassword || session.user.language === next) return;
    api
      .call(meEndpoints.update, { body: { language: next } })
      .then(refresh)
      .catch(showError);
  };

  return (
    <SegmentedControl
      aria-label={t.nav.languageSwitch}
      size="xs"
      value={language}
      onChange={change}
      data={[
        { value: 'en', label: t.languages.en },
        { value: 'nl', label: t.languages.nl },
      ]}
    />
  );
}
