import { defineMessages } from '../../core/messages.ts';

export const authMessages = defineMessages('auth', {
  sessionExpiredIdle: (p: { minutes: number }) =>
    `your session expired after ${p.minutes} minutes without activity; sign in again`,
  sessionExpiredAge: (p: { hours: number }) => `your session expired after ${p.hours} hours; sign in again`,
  tokenUnknown: () => 'the API token is unknown or revoked',
  accountDisabled: () => 'this account is disabled',
  signInFailed: () =>
    'the user name or password is wrong, or this account cannot sign in now; if it keeps failing, ask the administrator',
  totpRequired: () => 'enter the 6-digit code from your authenticator app',
  totpWrong: () => 'the authentication code is wrong',
  passwordTooShort: (p: { minimum: number }) => `the password must be at least ${p.minimum} characters long`,
  passwordTooLong: (p: { maximum: number }) => `the password must be at most ${p.maximum} characters long`,
  passwordContainsUsername: () => 'the password must not contain the user name',
  passwordWeak: () => 'this password is too easy to guess; a few unrelated words together are stronger',
  passwordRepeats: () => 'repeated characters or words (aaa, abcabc) are easy to guess; use unrelated words',
  passwordPattern: () => 'sequences and keyboard rows (abcd, 1234, qwerty) are easy to guess; use unrelated words',
  passwordDates: () => 'dates and years are easy to guess; use unrelated words',
  passwordCommon: () => 'this is one of the most used passwords; choose something of your own',
  passwordFewWords: () => 'a single word or name is easy to guess; add more unrelated words',
  passwordPersonal: () => "the password is built on your name, user name or the study's names, which are easy to guess",
  forSignedInUsers: () => 'this is for signed-in users',
  tokensAreRevoked: () => 'API tokens are revoked, not signed out',
  currentPasswordWrong: () => 'the current password is wrong',
  samePassword: () => 'choose a password different from the current one',
  totpAlreadySetUp: () => 'a second factor is already set up; turn it off first',
  totpNotSetUp: () => 'no second factor is set up',
  totpCodeMismatch: () => 'the code does not match; check the time on your phone and try the next code',
  passwordWrong: () => 'the password is wrong',
  tokenFromSession: () => 'API tokens are created from a signed-in session, not with another token',
});
