import { Alert, Button, Loader, Modal, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { CodeList, FormDefinition } from '../../../../src/protocol/forms.ts';
import { api } from '../../api/client.ts';
import { crfEndpoints } from '../../api/endpoints.ts';
import { useFormHistory, useInvalidateFormData, type FormAddress } from '../../api/form-queries.ts';
import type { FormRecordView } from '../../api/types.ts';
import { notifySuccess, useErrorHandler, useErrorText } from '../../components/errors.ts';
import { formatInZone } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import type { FormAccess } from '../../layout/access.ts';
import { entryText, itemOf, keyLabel } from './form-text.ts';
import { QueryThread } from './QueryThread.tsx';

interface ItemTrailModalProps {
  /** The field shown; null: closed. */
  itemKey: string | null;
  onClose: () => void;
  address: FormAddress;
  record: FormRecordView;
  definition: FormDefinition;
  codeLists: readonly CodeList[];
  zone: string;
  access: FormAccess;
}

/** One field's trail: every change of it (who, when, old, new, why) and its queries as threads. */
export function ItemTrailModal({ itemKey, onClose, definition, ...trail }: ItemTrailModalProps) {
  const t = useT();
  return (
    <Modal
      opened={itemKey !== null}
      onClose={onClose}
      title={itemKey === null ? '' : keyLabel(t, definition, itemKey)}
      size="xl"
    >
      {itemKey !== null && <Trail itemKey={itemKey} definition={definition} {...trail} />}
    </Modal>
  );
}

function Trail({
  itemKey,
  address,
  record,
  definition,
  codeLists,
  zone,
  access,
}: Omit<ItemTrailModalProps, 'onClose' | 'itemKey'> & { itemKey: string }) {
  const t = useT();
  const queries = record.queries.filter((q) => q.itemKey === itemKey);
  return (
    <Stack gap="lg">
      <Stack gap="xs" component="section" aria-labelledby="trail-changes">
        <Title order={3} size="h5" id="trail-changes">
          {t.forms.changes}
        </Title>
        <FieldHistory itemKey={itemKey} address={address} definition={definition} codeLists={codeLists} zone={zone} />
      </Stack>
      <Stack gap="xs" component="section" aria-labelledby="trail-queries">
        <Title order={3} size="h5" id="trail-queries">
          {t.queries.heading}
        </Title>
        {queries.length === 0 && <Text c="dimmed">{t.queries.none}</Text>}
        {queries.map((query, i) => (
          <QueryThread key={query.id} query={query} index={i + 1} zone={zone} access={access} />
        ))}
        {access.manageQueries && record.version > 0 && <OpenQueryForm address={address} itemKey={itemKey} />}
      </Stack>
    </Stack>
  );
}

function FieldHistory({
  itemKey,
  address,
  definition,
  codeLists,
  zone,
}: Pick<ItemTrailModalProps, 'address' | 'definition' | 'codeLists' | 'zone'> & { itemKey: string }) {
  const t = useT();
  const f = t.forms;
  const { language } = useLanguage();
  const errorText = useErrorText();
  const history = useFormHistory(address, true);
  if (history.isPending) return <Loader size="sm" aria-label={t.common.loading} />;
  if (history.isError) {
    return (
      <Alert color="red" role="alert">
        {errorText(history.error)}
      </Alert>
    );
  }
  const entries = history.data.filter((entry) => entry.itemKey === itemKey);
  if (entries.length === 0) return <Text c="dimmed">{f.noChanges}</Text>;
  const item = itemOf(definition, itemKey);
  const reading = { t, language, zone, codeLists };
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" data-testid="field-history">
        <Table.Caption className="visually-hidden">{f.changesCaption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{f.when}</Table.Th>
            <Table.Th scope="col">{f.who}</Table.Th>
            <Table.Th scope="col">{f.what}</Table.Th>
            <Table.Th scope="col">{f.before}</Table.Th>
            <Table.Th scope="col">{f.after}</Table.Th>
            <Table.Th scope="col">{f.why}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry, i) => (
            <Table.Tr key={i}>
              <Table.Td>{formatInZone(entry.at, zone, language)}</Table.Td>
              <Table.Td>{entry.actor}</Table.Td>
              <Table.Td>{f.actions[entry.action] ?? entry.action}</Table.Td>
              <Table.Td>{entryText(reading, item, entry.before)}</Table.Td>
              <Table.Td>{entryText(reading, item, entry.after)}</Table.Td>
              <Table.Td>{entry.reason ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A monitor or data manager asks the site about the field. */
function OpenQueryForm({ address, itemKey }: { address: FormAddress; itemKey: string }) {
  const t = useT();
  const showError = useErrorHandler();
  const invalidate = useInvalidateFormData();
  const [text, setText] = useState('');
  const open = useMutation({
    mutationFn: () => api.call(crfEndpoints.openQuery, { params: address, body: { item: itemKey, text: text.trim() } }),
    onSuccess: async () => {
      notifySuccess(t.queries.opened);
      setText('');
      await invalidate();
    },
    onError: (error) => showError(error),
  });
  return (
    <Stack gap="xs">
      <Textarea
        label={t.queries.openLabel}
        autosize
        minRows={2}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      <div>
        <Button size="xs" disabled={text.trim() === ''} loading={open.isPending} onClick={() => open.mutate()}>
          {t.queries.open}
        </Button>
      </div>
    </Stack>
  );
}
