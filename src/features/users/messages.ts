import { defineMessages } from '../../core/messages.ts';

export const userMessages = defineMessages('users', {
  atLeastOneRole: () => 'give the user at least one role',
  usernameTaken: (p: { username: string }) => `the user name ${p.username} is taken`,
  notYourself: () => 'you cannot disable your own account; another administrator must',
  notYourOwnRoles: () => 'you cannot change your own roles; another administrator must',
  noSuchSite: (p: { siteId: number }) => `site ${p.siteId} does not exist`,
  lastAdministrator: () => 'at least one active administrator for all sites must remain',
});
