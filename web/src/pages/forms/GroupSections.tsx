import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ItemGroupDefinition } from '../../../../src/protocol/forms.ts';
import { Section } from '../../components/Section.tsx';
import { useT } from '../../i18n/language.tsx';
import { useFormEntry } from './form-entry-context.ts';
import { ItemField } from './ItemField.tsx';

/** The groups of a form in order, one card each; a group the engine hides entirely is left out. */
export function GroupSections() {
  const { form } = useFormEntry();
  return form.definition.groups.map((group) =>
    group.repeating === true ? (
      <RepeatingGroupSection key={group.id} group={group} />
    ) : (
      <GroupSection key={group.id} group={group} />
    ),
  );
}

function GroupSection({ group }: { group: ItemGroupDefinition }) {
  const { form, state } = useFormEntry();
  if (!group.items.some((item) => state.evaluation.shown.has(item.id))) return null;
  return (
    <Section title={group.label}>
      <Stack gap="md">
        {group.items.map((item) => (
          <ItemField key={item.id} item={form.items.get(item.id)!} row={0} />
        ))}
      </Stack>
    </Section>
  );
}

/** One card per row (a culture, an antibiotic, a re-admission), added and removed by the person entering. */
function RepeatingGroupSection({ group }: { group: ItemGroupDefinition }) {
  const t = useT();
  const { form, draft, state, editable, addRow, removeRow } = useFormEntry();
  // The row just added takes the focus, so that the keyboard goes on in it.
  const [focusRow, setFocusRow] = useState<number | null>(null);
  if (!state.asked.has(group.id)) return null;
  const rows = draft.rows[group.id] ?? [];
  return (
    <Section title={group.label}>
      <Stack gap="md">
        {rows.length === 0 && <Text c="dimmed">{t.forms.noRows}</Text>}
        {rows.map((row, index) => (
          <Card
            key={row.id}
            withBorder
            radius="sm"
            role="group"
            aria-label={`${group.label}: ${t.forms.row(index + 1)}`}
            ref={(element: HTMLDivElement | null) => {
              if (element === null || row.id !== focusRow) return;
              element.querySelector<HTMLElement>('input:not([readonly]), select, textarea')?.focus();
              setFocusRow(null);
            }}
          >
            <Group justify="space-between" mb="xs">
              <Text fw={600}>{t.forms.row(index + 1)}</Text>
              {editable && (
                <Button
                  variant="subtle"
                  color="red"
                  size="compact-sm"
                  aria-label={t.forms.removeRowAria(group.label, index + 1)}
                  onClick={() => removeRow(group.id, index)}
                >
                  {t.forms.removeRow}
                </Button>
              )}
            </Group>
            <Stack gap="md">
              {group.items.map((item) => (
                <ItemField key={item.id} item={form.items.get(item.id)!} row={index} />
              ))}
            </Stack>
          </Card>
        ))}
        {editable && (
          <Group>
            <Button
              variant="light"
              size="xs"
              aria-label={t.forms.addRowAria(group.label)}
              onClick={() => setFocusRow(addRow(group.id))}
            >
              {t.forms.addRow}
            </Button>
          </Group>
        )}
      </Stack>
    </Section>
  );
}
