import { Alert, Anchor, Loader } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { useFormRecord } from '../../api/form-queries.ts';
import { useParticipant, useStudy } from '../../api/queries.ts';
import { useErrorText } from '../../components/errors.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useT } from '../../i18n/language.tsx';
import { useCurrentSite } from '../../layout/current-site.tsx';
import { useFormAccess } from '../../layout/use-access.ts';
import { FormEditor } from './FormEditor.tsx';
import { formLabel, slotLabel } from './form-text.ts';

/** A participant's form at one visit, ICU day or once: `participants/:participantId/forms/:form/:slot`. */
export function FormEntryPage() {
  const t = useT();
  const errorText = useErrorText();
  const params = useParams();
  const address = { participantId: Number(params.participantId), form: params.form ?? '', slot: params.slot ?? '' };
  const study = useStudy();
  const participant = useParticipant(address.participantId);
  const record = useFormRecord(address);
  const { sites } = useCurrentSite();
  const access = useFormAccess(participant.data?.siteId ?? 0);

  const failed = participant.error ?? record.error;
  if (failed !== null) {
    // An unknown participant, form or slot (a mistyped address): not found, in words.
    const unknown = isApiError(failed) && (failed.status === 404 || failed.status === 400);
    return (
      <>
        <PageHeader title={t.common.notFoundTitle} />
        <Alert color={unknown ? 'yellow' : 'red'} variant="light" role="alert">
          {unknown ? t.forms.formNotFound : errorText(failed)}
        </Alert>
      </>
    );
  }
  if (study.data === undefined || participant.data === undefined || record.data === undefined) {
    return <Loader m="lg" aria-label={t.common.loading} />;
  }

  const protocol = study.data;
  const detail = participant.data;
  const view = record.data;
  const definition = protocol.forms.forms.find((f) => f.id === view.form && f.version === view.formVersion);
  // Times are read in the participant's own site's zone, not the current site's (a monitor may switch sites).
  const zone = sites.find((s) => s.id === detail.siteId)?.timeZone ?? 'UTC';

  return (
    <>
      <PageHeader title={t.forms.title(formLabel(protocol, view.form), slotLabel(t, protocol, view.slot))} />
      <Anchor component={Link} to={`/participants/${detail.id}`} mb="md" display="inline-block">
        {t.forms.participant(detail.studyId)}
      </Anchor>
      {definition === undefined ? (
        <Alert color="yellow" variant="light" role="alert">
          {t.forms.versionUnknown(view.formVersion)}
        </Alert>
      ) : (
        <FormEditor
          key={`${address.participantId}/${address.form}/${address.slot}`}
          address={address}
          record={view}
          definition={definition}
          protocol={protocol}
          zone={zone}
          access={access}
        />
      )}
    </>
  );
}
