import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useT } from '../i18n/language.tsx';

/** Mantine's password input with the show/hide button named in the user's language. */
export function PasswordField(props: PasswordInputProps) {
  const t = useT();
  return <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t.common.togglePassword }} {...props} />;
}
