import type { Translations } from '../../../src/core/messages.ts';
import type { dashboardMessages } from '../../../src/features/dashboards/messages.ts';

/** The dashboards slice's messages in Dutch (merged into the server messages in nl-errors.ts). */
export const nlDashboards: Translations<typeof dashboardMessages> = {
  unknownCell: () => 'geen telling van een dashboard: neem de celsleutel over uit een dashboardantwoord',
};
