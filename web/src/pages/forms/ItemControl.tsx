import { Checkbox, Group, NativeSelect, Radio, Stack, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import type { CodeList, ItemDefinition } from '../../../../src/protocol/forms.ts';
import { DateField, DateTimeField } from '../../components/DateFields.tsx';
import { useT } from '../../i18n/language.tsx';
import type { DraftEntry } from './form-draft.ts';

/** What Mantine's input wrapper shows around every control: label, messages, and the controls beside it. */
export interface WrapperProps {
  label: string;
  withAsterisk: boolean;
  error: ReactNode;
  description: ReactNode;
  inputWrapperOrder: ('label' | 'input' | 'description' | 'error')[];
  inputContainer: (children: ReactNode) => ReactNode;
}

interface ItemControlProps {
  item: ItemDefinition;
  codeList: CodeList | undefined;
  entry: DraftEntry | undefined;
  onChange: (entry: DraftEntry | undefined) => void;
  disabled: boolean;
  wrapper: WrapperProps;
}

/** A short code list reads best as radio buttons (one click, arrow keys); a long one as a select. */
const maxRadioOptions = 5;

/**
 * Whether the control is radio buttons or checkboxes, which cannot be un-ticked back to "not entered" (a select
 * can, by its empty option; a text field, by emptying it).
 */
export function ticksOnly(item: ItemDefinition, codeList: CodeList | undefined): boolean {
  if (item.type === 'yes_no' || item.type === 'multiple_choice') return true;
  return item.type === 'single_choice' && (codeList?.options.length ?? 0) <= maxRadioOptions;
}
/** "None of these" among the checkboxes of a multiple choice: not a code of any list (codes are a-z, 0-9, _). */
const noneOfThese = '-none-';

/** The control of one entered item, by its type; an empty control is "not entered". */
export function ItemControl({ item, codeList, entry, onChange, disabled, wrapper }: ItemControlProps) {
  const t = useT();
  const value = entry !== undefined && 'value' in entry ? entry.value : undefined;
  const text = typeof value === 'string' ? value : '';
  const setText = (next: string) => onChange(next === '' ? undefined : { value: next });
  const options = codeList?.options ?? [];

  switch (item.type) {
    case 'integer':
    case 'decimal': {
      const unit = entry !== undefined && 'value' in entry ? entry.unit : undefined;
      return (
        <TextInput
          {...wrapper}
          disabled={disabled}
          inputMode={item.type === 'integer' ? 'numeric' : 'decimal'}
          autoComplete="off"
          value={text}
          // The chosen unit stays with the number while it is retyped.
          onChange={(e) => {
            const next = e.currentTarget.value;
            onChange(
              next === '' && unit === undefined ? undefined : { value: next, ...(unit === undefined ? {} : { unit }) },
            );
          }}
        />
      );
    }
    case 'date':
      return <DateField {...wrapper} disabled={disabled} value={text} onChange={setText} />;
    case 'datetime':
      return <DateTimeField {...wrapper} disabled={disabled} value={text} onChange={setText} />;
    case 'yes_no':
      return (
        <Radio.Group
          {...wrapper}
          disabled={disabled}
          value={value === true ? 'yes' : value === false ? 'no' : null}
          onChange={(answer) => onChange({ value: answer === 'yes' })}
        >
          <Group gap="lg" mt={4}>
            <Radio value="yes" label={t.forms.yes} />
            <Radio value="no" label={t.forms.no} />
          </Group>
        </Radio.Group>
      );
    case 'single_choice':
      return ticksOnly(item, codeList) ? (
        <Radio.Group {...wrapper} disabled={disabled} value={text === '' ? null : text} onChange={setText}>
          <Group gap="lg" mt={4}>
            {options.map((option) => (
              <Radio key={option.code} value={option.code} label={option.label} />
            ))}
          </Group>
        </Radio.Group>
      ) : (
        <NativeSelect
          {...wrapper}
          disabled={disabled}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          data={[{ value: '', label: t.forms.choose }, ...options.map((o) => ({ value: o.code, label: o.label }))]}
        />
      );
    case 'multiple_choice': {
      const chosen = Array.isArray(value) ? (value as readonly string[]) : null;
      const checked = chosen === null ? [] : chosen.length === 0 ? [noneOfThese] : [...chosen];
      return (
        <Checkbox.Group
          {...wrapper}
          disabled={disabled}
          value={checked}
          onChange={(next) => {
            // "None of these" and the options exclude each other: whichever was ticked last wins.
            if (next.includes(noneOfThese) && !checked.includes(noneOfThese)) onChange({ value: [] });
            else {
              const codes = next.filter((code) => code !== noneOfThese);
              onChange(codes.length === 0 ? undefined : { value: codes });
            }
          }}
        >
          <Stack gap={6} mt={4}>
            {options.map((option) => (
              <Checkbox key={option.code} value={option.code} label={option.label} />
            ))}
            <Checkbox value={noneOfThese} label={t.forms.noneOfThese} />
          </Stack>
        </Checkbox.Group>
      );
    }
    case 'text':
      return (
        <TextInput
          {...wrapper}
          disabled={disabled}
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
      );
    case 'calculated':
      throw new Error(`calculated item ${item.id} is shown by CalculatedField`);
  }
}
