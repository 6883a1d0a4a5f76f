import { defineMessages } from '../../core/messages.ts';

export const siteMessages = defineMessages('sites', {
  codeFormat: () =>
    'a site code is 2-8 letters or digits, starting with a letter (it prefixes study ids, e.g. NIJ-001)',
  timeZone: () => 'not a time zone name such as Europe/Amsterdam',
  codeTaken: (p: { code: string }) => `a site with code ${p.code} exists already`,
});
