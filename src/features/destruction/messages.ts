import { defineMessages } from '../../core/messages.ts';

export const destructionMessages = defineMessages('destruction', {
  decidedAlready: (p: { status: string }) => `this destruction is ${p.status.replaceAll('_', ' ')} already`,
  secondPerson: () => 'a destruction needs a second person: you asked for this one, so another investigator decides',
});
