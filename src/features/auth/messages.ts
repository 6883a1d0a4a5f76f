import { defineMessages } from '../../core/messages.ts';

export const authMessages = defineMessages('auth', {
  sessionExpiredIdle: (p: { minutes: number }) =>
    `your session expired after ${p.minutes} minutes without activity; sign in again`,
  sessionExpiredAge: (p: { hours: number }) => `your session expired after ${p.hours} hours; sign in again`,
  tokenUnknown: () => 'the API token is unknown or revoked',
  accountDisabled: () => 'this account is disabled',
  accountDisabledAskAdministrator: () => 'this account is disabled; ask the administrator',
  wrongCredentials: () => 'the user name or password is wrong',
  totpRequired: () => 'enter the 6-digit code from your authenticator app',
  totpWrong: () => 'the authentication code is wrong',
  locked: (p: { until: string }) =>
    `this account is locked after too many failed sign-ins; try again after ${p.until} UTC or ask the administrator to unlock it`,
  passwordTooShort: (p: { minimum: number }) => `the password must be at least ${p.minimum} characters long`,
  passwordTooLong: (p: { maximum: number }) => `the password must be at most ${p.maximum} characters long`,
  passwordContainsUsername: () => 'the password must not contain the user name',
  forSignedInUsers: () => 'this is for signed-in users',
  tokensAreRevoked: () => 'API tokens are revoked, not signed out',
  currentPasswordWrong: () => 'the current password is wrong',
  samePassword: () => 'choose a password different from the current one',
  totpAlreadySetUp: () => 'a second factor is already set up; turn it off first',
  totpCodeMismatch: () => 'the code does not match; check the time on your phone and try the next code',
  passwordWrong: () => 'the password is wrong',
  tokenFromSession: () => 'API tokens are created from a signed-in session, not with another token',
});
