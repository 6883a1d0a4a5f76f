import { Button, List, Modal, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { participantsEndpoints } from '../../api/endpoints.ts';
import { api } from '../../api/client.ts';
import { useInvalidateStudyData, useSiteToday } from '../../api/queries.ts';
import type { ClinicalEventKind, EventCreate, ParticipantDetail } from '../../api/types.ts';
import { DateField } from '../../components/DateFields.tsx';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { Section } from '../../components/Section.tsx';
import { formatDay } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { useCurrentSite } from '../../layout/current-site.tsx';
import { FormActions } from '../../components/FormActions.tsx';

export function EventsSection({ participant, canWrite }: { participant: ParticipantDetail; canWrite: boolean }) {
  const t = useT();
  const e = t.events;
  const { language } = useLanguage();
  const [recording, setRecording] = useState(false);
  return (
    <Section
      title={e.heading}
      actions={
        canWrite && (
          <Button size="xs" variant="light" onClick={() => setRecording(true)}>
            {e.record}
          </Button>
        )
      }
    >
      {participant.events.length === 0 ? (
        <Text c="dimmed">{e.none}</Text>
      ) : (
        <List spacing={4} aria-label={e.heading}>
          {participant.events.map((event) => (
            <List.Item key={event.id}>
              <Text size="sm">
                <strong>{e.kinds[event.kind]}</strong> · {formatDay(event.date, language)}
                {event.place !== null && ` · ${e.places[event.place] ?? event.place}`}
                {event.destination !== null && ` · ${event.destination}`}
                {event.note !== null && ` · ${event.note}`}
                {event.recordedBy !== null && ` · ${t.visits.recordedBy(event.recordedBy)}`}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
      <Modal opened={recording} onClose={() => setRecording(false)} title={e.record}>
        {recording && <EventForm participant={participant} onDone={() => setRecording(false)} />}
      </Modal>
    </Section>
  );
}

const kinds: ClinicalEventKind[] = ['hospital_discharge', 'death', 'transfer', 'lost_to_follow_up'];
const places = ['icu', 'hospital_ward', 'home', 'nursing_home', 'other'] as const;
const fields = ['kind', 'date', 'place', 'destination', 'note', 'reason'];
const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

function EventForm({ participant, onDone }: { participant: ParticipantDetail; onDone: () => void }) {
  const t = useT();
  const e = t.events;
  const { site } = useCurrentSite();
  const today = useSiteToday(site);
  const handleError = useErrorHandler();
  const invalidate = useInvalidateStudyData();
  const form = useForm({
    initialValues: {
      kind: 'hospital_discharge' as ClinicalEventKind,
      date: today,
      place: '',
      destination: '',
      note: '',
      reason: '',
    },
  });
  const save = useMutation({
    mutationFn: (input: EventCreate) =>
      api.call(participantsEndpoints.recordEvent, { params: { participantId: participant.id }, body: input }),
    onSuccess: async () => {
      notifySuccess(e.saved);
      await invalidate();
      onDone();
    },
    onError: (error) => handleError(error, form, fields),
  });
  const kind = form.values.kind;
  return (
    <form
      onSubmit={form.onSubmit((v) =>
        save.mutate({
          kind: v.kind,
          date: v.date,
          place: v.kind === 'death' ? ((orNull(v.place) as EventCreate['place']) ?? null) : null,
          destination: v.kind === 'transfer' ? orNull(v.destination) : null,
          note: orNull(v.note),
          reason: orNull(v.reason),
        }),
      )}
      noValidate
    >
      <Stack>
        <NativeSelect
          label={e.kind}
          data={kinds.map((k) => ({ value: k, label: e.kinds[k] }))}
          {...form.getInputProps('kind')}
        />
        <DateField label={e.date} required {...form.getInputProps('date')} />
        {kind === 'death' && (
          <NativeSelect
            label={e.place}
            data={[
              { value: '', label: t.screeningForm.choose },
              ...places.map((p) => ({ value: p, label: e.places[p] ?? p })),
            ]}
            {...form.getInputProps('place')}
          />
        )}
        {kind === 'transfer' && <TextInput label={e.destination} {...form.getInputProps('destination')} />}
        <Textarea label={e.note} autosize {...form.getInputProps('note')} />
        <TextInput label={e.reason} {...form.getInputProps('reason')} />
        <FormActions onCancel={onDone} saving={save.isPending} />
      </Stack>
    </form>
  );
}
