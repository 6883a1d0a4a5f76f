import { defineMessages } from '../../core/messages.ts';

export const dashboardMessages = defineMessages('dashboards', {
  unknownCell: () => 'not a count of a dashboard: take the cell key from a dashboard answer',
});
