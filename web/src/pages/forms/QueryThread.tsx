import { Button, Card, Group, List, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { crfEndpoints } from '../../api/endpoints.ts';
import { useInvalidateFormData } from '../../api/form-queries.ts';
import type { QueryView } from '../../api/types.ts';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { QueryStatusBadge } from '../../components/status.tsx';
import { formatInZone } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import type { FormAccess } from '../../layout/access.ts';

interface QueryThreadProps {
  query: QueryView;
  /** Its number among the field's queries, to name it. */
  index: number;
  zone: string;
  access: FormAccess;
}

/** A query and its messages, with what the user may do next: answer it (site), close or re-open it (monitor). */
export function QueryThread({ query, index, zone, access }: QueryThreadProps) {
  const t = useT();
  const q = t.queries;
  const { language } = useLanguage();
  return (
    <Card withBorder radius="sm" role="group" aria-label={q.threadAria(index)} data-testid="query">
      <Stack gap="sm">
        <Group gap="sm">
          <QueryStatusBadge status={query.status} />
          <Text size="xs" c="dimmed">
            {[query.rule === null ? q.byHand : q.automatic, q.age(query.ageDays)]
              .concat(query.assignedTo === null ? [] : [q.assignedTo(query.assignedTo.name)])
              .join(' · ')}
          </Text>
        </Group>
        <List spacing={6} listStyleType="none" p={0}>
          {query.messages.map((message, i) => (
            <List.Item key={i}>
              <Text size="xs" c="dimmed">
                {q.kinds[message.kind] ?? message.kind} · {message.actor} · {formatInZone(message.at, zone, language)}
              </Text>
              <Text size="sm">{message.text}</Text>
            </List.Item>
          ))}
        </List>
        <QueryActions query={query} access={access} />
      </Stack>
    </Card>
  );
}

type Step = 'answer' | 'close' | 'reopen';

function QueryActions({ query, access }: { query: QueryView; access: FormAccess }) {
  const t = useT();
  const q = t.queries;
  const showError = useErrorHandler();
  const invalidate = useInvalidateFormData();
  const [answer, setAnswer] = useState('');
  const [note, setNote] = useState('');
  const params = { queryId: query.id };
  const step = useMutation({
    mutationFn: ({ step, text }: { step: Step; text: string }) => {
      switch (step) {
        case 'answer':
          return api.call(crfEndpoints.answerQuery, { params, body: { text } });
        case 'close':
          return api.call(crfEndpoints.closeQuery, { params, body: { text: text === '' ? null : text } });
        case 'reopen':
          return api.call(crfEndpoints.reopenQuery, { params, body: { text } });
      }
    },
    onSuccess: async (_query, { step }) => {
      notifySuccess({ answer: q.answered, close: q.closed, reopen: q.reopened }[step]);
      setAnswer('');
      setNote('');
      await invalidate();
    },
    onError: (error) => showError(error),
  });
  const canAnswer = access.enter && query.status === 'open';
  if (!canAnswer && !access.manageQueries) return null;

  return (
    <Stack gap="xs">
      {canAnswer && (
        <>
          <Textarea
            label={q.answerLabel}
            autosize
            minRows={2}
            value={answer}
            onChange={(e) => setAnswer(e.currentTarget.value)}
          />
          <Group>
            <Button
              size="xs"
              disabled={answer.trim() === ''}
              loading={step.isPending}
              onClick={() => step.mutate({ step: 'answer', text: answer.trim() })}
            >
              {q.answer}
            </Button>
          </Group>
        </>
      )}
      {access.manageQueries && (
        <>
          <Textarea
            label={query.status === 'closed' ? q.reopenLabel : q.noteLabel}
            autosize
            minRows={2}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Group gap="xs">
            {query.status !== 'closed' && (
              <Button
                size="xs"
                variant="light"
                loading={step.isPending}
                onClick={() => step.mutate({ step: 'close', text: note.trim() })}
              >
                {q.close}
              </Button>
            )}
            {query.status !== 'open' && (
              <Button
                size="xs"
                variant="default"
                disabled={note.trim() === ''}
                loading={step.isPending}
                onClick={() => step.mutate({ step: 'reopen', text: note.trim() })}
              >
                {q.reopen}
              </Button>
            )}
          </Group>
        </>
      )}
    </Stack>
  );
}
