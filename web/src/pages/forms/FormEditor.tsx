import { Alert, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { calculatorsFor } from '../../../../src/ecrf/calculators.ts';
import { compileForm } from '../../../../src/ecrf/compile.ts';
import type { FormDefinition } from '../../../../src/protocol/forms.ts';
import { api, isApiError, type BodyOf } from '../../api/client.ts';
import { crfEndpoints } from '../../api/endpoints.ts';
import { formRecordQuery, useInvalidateFormData, type FormAddress } from '../../api/form-queries.ts';
import type { FormRecordView, FormStatus, StudyProtocol } from '../../api/types.ts';
import { notifySuccess, useErrorHandler, useErrorText } from '../../components/errors.ts';
import { errorText } from '../../i18n/error-text.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import type { FormAccess } from '../../layout/access.ts';
import { draftOf, keyOfField, stateOf, withEntry, withRowAdded, withRowRemoved, type Draft } from './form-draft.ts';
import { FormEntryContext, type FormEntry } from './form-entry-context.ts';
import { FormSaveCard, type Refusal } from './FormSaveCard.tsx';
import { FormStatusBar } from './FormStatusBar.tsx';
import { GroupSections } from './GroupSections.tsx';
import { ItemTrailModal } from './ItemTrailModal.tsx';

interface FormEditorProps {
  address: FormAddress;
  /** The record as the server has it now (queries and status change without a save). */
  record: FormRecordView;
  definition: FormDefinition;
  protocol: StudyProtocol;
  zone: string;
  access: FormAccess;
}

/** Once a form is complete, a change of its data needs a reason (and voids a verification and signature). */
const needsReason: readonly FormStatus[] = ['complete', 'verified', 'signed'];

/**
 * The entry page's form: a draft of the whole form, the engine run on it at every change (calculations, branching,
 * checks), and Save, which sends the whole form with the version the draft started from. A save that finds the form
 * changed since is refused by the server (409); the page then says what changed and offers to reload.
 */
export function FormEditor({ address, record, definition, protocol, zone, access }: FormEditorProps) {
  const t = useT();
  const { language } = useLanguage();
  const showError = useErrorHandler();
  const explain = useErrorText();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateFormData();
  const [searchParams] = useSearchParams();
  const form = useMemo(
    () =>
      compileForm(definition, new Map(protocol.forms.codeLists.map((l) => [l.id, l])), calculatorsFor(protocol.forms)),
    [definition, protocol],
  );
  // The record the draft started from: its version goes with the save, whatever the server has meanwhile.
  const [edit, setEdit] = useState(() => ({ base: record, draft: draftOf(form, record, zone) }));
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [serverErrors, setServerErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const [blocked, setBlocked] = useState(false);
  const [trailKey, setTrailKey] = useState<string | null>(searchParams.get('item'));

  const state = useMemo(() => stateOf(form, edit.draft, zone), [form, edit.draft, zone]);
  const saved = useMemo(
    () => JSON.stringify(stateOf(form, draftOf(form, edit.base, zone), zone).body),
    [form, edit.base, zone],
  );
  const dirty = JSON.stringify(state.body) !== saved;
  // A newer record (completed, verified, locked, or saved elsewhere) replaces a draft without changes.
  if (record.version !== edit.base.version && !dirty) setEdit({ base: record, draft: draftOf(form, record, zone) });

  const locked = record.lock !== null;
  const editable = access.enter && !locked;
  const askReason = needsReason.includes(edit.base.status);
  const reset = (view: FormRecordView) => setEdit({ base: view, draft: draftOf(form, view, zone) });
  const change = (next: (draft: Draft) => Draft) => {
    setEdit((current) => ({ ...current, draft: next(current.draft) }));
    setBlocked(false);
    setServerErrors(new Map());
  };

  const save = useMutation({
    mutationFn: (body: BodyOf<typeof crfEndpoints.save>) => api.call(crfEndpoints.save, { params: address, body }),
    onSuccess: async (view) => {
      queryClient.setQueryData(formRecordQuery(address).queryKey, view);
      reset(view);
      setReason('');
      setRefusal(null);
      notifySuccess(t.forms.saved);
      await invalidate();
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 409) {
        setRefusal({ text: explain(error), stale: error.key === 'crf.stale' });
        return;
      }
      const key = isApiError(error) ? keyOfField(error.field) : undefined;
      if (isApiError(error) && error.field === 'reason') setReasonError(errorText(error, language, true));
      else if (key !== undefined) setServerErrors(new Map([[key, errorText(error, language, true)]]));
      else showError(error);
    },
  });

  const reload = () => {
    queryClient.fetchQuery({ ...formRecordQuery(address), staleTime: 0 }).then((fresh) => {
      reset(fresh);
      setRefusal(null);
    }, showError);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!editable || save.isPending) return;
    const hard = state.evaluation.findings.some((f) => f.severity === 'hard');
    if (state.read.errors.size > 0 || hard) {
      setBlocked(true);
      return;
    }
    if (askReason && dirty && reason.trim() === '') {
      setReasonError(t.forms.reasonRequired);
      reasonRef.current?.focus();
      return;
    }
    save.mutate({ version: edit.base.version, ...state.body, reason: reason.trim() === '' ? null : reason.trim() });
  };

  const entry: FormEntry = {
    form,
    codeLists: protocol.forms.codeLists,
    draft: edit.draft,
    state,
    zone,
    editable,
    started: record.version > 0,
    serverErrors,
    queries: record.queries,
    setEntry: (group, row, id, value) => change((draft) => withEntry(draft, group, row, id, value)),
    addRow: (groupId) => {
      const next = withRowAdded(edit.draft, groupId);
      change(() => next);
      return next.rows[groupId]?.at(-1)?.id ?? 0;
    },
    removeRow: (groupId, index) => change((draft) => withRowRemoved(draft, groupId, index)),
    openTrail: setTrailKey,
  };

  return (
    <FormEntryContext.Provider value={entry}>
      <Stack gap="lg">
        <FormStatusBar address={address} record={record} access={access} zone={zone} unsaved={dirty} />
        {!access.enter && (
          <Alert color="blue" variant="light">
            {t.forms.readOnly}
          </Alert>
        )}
        <form onSubmit={submit} noValidate aria-label={definition.label}>
          <Stack gap="lg">
            <GroupSections />
            {access.enter && (
              <FormSaveCard
                status={edit.base.status}
                askReason={askReason}
                reason={reason}
                reasonError={reasonError}
                reasonRef={reasonRef}
                onReason={(text) => {
                  setReason(text);
                  setReasonError(null);
                }}
                dirty={dirty}
                missing={state.evaluation.missingRequired.length}
                warnings={state.evaluation.findings.filter((f) => f.severity === 'soft').length}
                blocked={blocked}
                refusal={refusal}
                onReload={reload}
                saving={save.isPending}
                editable={editable}
              />
            )}
          </Stack>
        </form>
      </Stack>
      <ItemTrailModal
        itemKey={trailKey}
        onClose={() => setTrailKey(null)}
        address={address}
        record={record}
        definition={definition}
        codeLists={protocol.forms.codeLists}
        zone={zone}
        access={access}
      />
    </FormEntryContext.Provider>
  );
}
