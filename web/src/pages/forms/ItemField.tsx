import { Box, Group, Text, TextInput } from '@mantine/core';
import type { CompiledItem } from '../../../../src/ecrf/compile.ts';
import type { ItemValue } from '../../../../src/ecrf/expressions.ts';
import { roundTo } from '../../../../src/ecrf/values.ts';
import type { ItemDefinition } from '../../../../src/protocol/forms.ts';
import { errorText } from '../../i18n/error-text.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { itemKey, type DraftEntry } from './form-draft.ts';
import { useFormEntry } from './form-entry-context.ts';
import { findingText, unitLabel, valueText } from './form-text.ts';
import { ItemControl, ticksOnly } from './ItemControl.tsx';
import { ClearButton, MissingCodeSelect, TrailButton, UnitSelect } from './ItemSideControls.tsx';

/**
 * One field of a form, when the engine shows it: its control, the unit and missing-code controls and the history
 * button beside it, and under it what the rules and checks say right now (errors in red, values to confirm in
 * orange, a required field still empty).
 */
export function ItemField({ item, row }: { item: CompiledItem; row: number }) {
  const t = useT();
  const { language } = useLanguage();
  const formEntry = useFormEntry();
  const { definition, group } = item;
  const key = itemKey(group, row, definition.id);
  const { evaluation, read } = formEntry.state;
  if (!evaluation.shown.has(key)) return null;
  if (definition.type === 'calculated') {
    return <CalculatedField item={definition} value={evaluation.calculated[key] ?? null} />;
  }

  const entries =
    group.repeating === true ? (formEntry.draft.rows[group.id]?.[row]?.entries ?? {}) : formEntry.draft.items;
  const current = entries[definition.id];
  const set = (next: DraftEntry | undefined) => formEntry.setEntry(group, row, definition.id, next);
  const value =
    group.repeating === true ? read.data.rows?.[group.id]?.[row]?.[definition.id] : read.data.items[definition.id];
  const engineValue = value !== undefined && 'value' in value ? value.value : undefined;
  const findings = evaluation.findings.filter((f) => f.keys.includes(key));
  const inputError = read.errors.get(key);
  const serverError = formEntry.serverErrors.get(key);
  const errors = [
    ...(inputError === undefined ? [] : [errorText(inputError, language, true)]),
    ...(serverError === undefined ? [] : [serverError]),
    ...findings.filter((f) => f.severity === 'hard').map((f) => findingText(t, definition, f, engineValue)),
  ];
  const warnings = findings.filter((f) => f.severity === 'soft').map((f) => findingText(t, definition, f, engineValue));
  const missing = evaluation.missingRequired.includes(key);
  const notes = [
    ...(definition.type === 'datetime' ? [{ text: t.screeningForm.zoneHint(formEntry.zone), soft: false }] : []),
    ...warnings.map((text) => ({ text, soft: true })),
    ...(formEntry.started && missing ? [{ text: t.forms.requiredMissing, soft: false }] : []),
  ];
  const ownUnit = definition.unit !== undefined && definition.conversions === undefined;
  const label = ownUnit ? `${definition.label} (${unitLabel(t, definition.unit!)})` : definition.label;
  const codeList = formEntry.codeLists.find((list) => list.id === definition.codeList);
  const tall = definition.type === 'multiple_choice';
  const answered = current !== undefined && 'value' in current;

  return (
    <ItemControl
      item={definition}
      codeList={codeList}
      entry={current}
      onChange={set}
      disabled={!formEntry.editable}
      wrapper={{
        label,
        withAsterisk: definition.required === true || missing,
        error: errors.length === 0 ? undefined : errors.join(' · '),
        description: notes.length === 0 ? undefined : <Notes notes={notes} />,
        inputWrapperOrder: ['label', 'input', 'error', 'description'],
        inputContainer: (children) => (
          <Group gap="xs" wrap="nowrap" align={tall ? 'flex-start' : 'center'}>
            <Box style={{ flex: 1, minWidth: 0 }}>{children}</Box>
            {definition.conversions !== undefined && (
              <UnitSelect item={definition} entry={current} onChange={set} disabled={!formEntry.editable} />
            )}
            <MissingCodeSelect
              item={definition}
              entry={current}
              onChange={set}
              disabled={!formEntry.editable}
              label={label}
            />
            {ticksOnly(definition, codeList) && answered && formEntry.editable && (
              <ClearButton label={label} onClear={() => set(undefined)} />
            )}
            {formEntry.started && <TrailButton itemKey={key} label={label} />}
          </Group>
        ),
      }}
    />
  );
}

/** The notes under a field; a value to confirm stands out (it opens a query when saved). */
function Notes({ notes }: { notes: { text: string; soft: boolean }[] }) {
  return notes.map((note, i) => (
    <Text
      key={i}
      component="span"
      display="block"
      size="xs"
      c={note.soft ? 'orange.9' : undefined}
      fw={note.soft ? 500 : undefined}
      data-severity={note.soft ? 'soft' : undefined}
    >
      {note.text}
    </Text>
  ));
}

/** A calculated item: read-only, worked out by the engine as the inputs change (out of the tab order). */
function CalculatedField({ item, value }: { item: ItemDefinition; value: ItemValue | null }) {
  const t = useT();
  const { language } = useLanguage();
  const { zone, codeLists } = useFormEntry();
  // Shown to the item's precision, or two decimals: a ratio of two measurements has no more.
  const shown = typeof value === 'number' ? roundTo(value, item.precision ?? 2) : value;
  return (
    <TextInput
      label={item.label}
      readOnly
      tabIndex={-1}
      variant="filled"
      value={shown === null ? t.forms.empty : valueText({ t, language, zone, codeLists }, item, shown)}
    />
  );
}
