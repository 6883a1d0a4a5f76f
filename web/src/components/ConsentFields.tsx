import { Alert, Checkbox, NativeSelect, SimpleGrid, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ConsentCreate, StudyProtocol } from '../api/types.ts';
import { useT } from '../i18n/language.tsx';
import { DateField } from './DateFields.tsx';

/** What the consent part of a form holds; optional items by code. */
export interface ConsentValues {
  type: string;
  decision: 'given' | 'refused';
  date: string;
  dueOn: string;
  informationLetterVersion: string;
  optionalItems: Record<string, boolean>;
}

export function initialConsent(protocol: StudyProtocol, type: string, today: string): ConsentValues {
  return {
    type,
    decision: 'given',
    date: today,
    dueOn: '',
    informationLetterVersion: protocol.consent.informationLetterVersions.at(-1) ?? '',
    optionalItems: Object.fromEntries(protocol.consent.optionalItems.map((item) => [item.code, false])),
  };
}

export function toConsentCreate(values: ConsentValues, protocol: StudyProtocol): ConsentCreate {
  const deferral = protocol.consent.types.find((type) => type.code === values.type)?.kind === 'deferral';
  return deferral
    ? { type: values.type, date: values.date, dueOn: values.dueOn === '' ? null : values.dueOn }
    : {
        type: values.type,
        decision: values.decision,
        date: values.date,
        informationLetterVersion: values.informationLetterVersion === '' ? null : values.informationLetterVersion,
        optionalItems: values.optionalItems,
      };
}

interface ConsentFieldsProps {
  value: ConsentValues;
  onChange: (value: ConsentValues) => void;
  protocol: StudyProtocol;
  /** The error under a field (`consent.date` etc. from the API), if any. */
  error: (field: keyof ConsentValues) => ReactNode;
  /** Enrollment needs consent given or deferred; a refusal is recorded on the participant page. */
  allowRefusal: boolean;
}

/** The consent form's fields, from the protocol's consent types, letter versions and optional items. */
export function ConsentFields({ value, onChange, protocol, error, allowRefusal }: ConsentFieldsProps) {
  const t = useT();
  const c = t.consentForm;
  const set = <K extends keyof ConsentValues>(key: K, next: ConsentValues[K]) => onChange({ ...value, [key]: next });
  const deferral = protocol.consent.types.find((type) => type.code === value.type)?.kind === 'deferral';
  const decisions = (['given', 'refused'] as const).filter((d) => allowRefusal || d === 'given');

  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NativeSelect
          label={c.type}
          data={protocol.consent.types.map((type) => ({ value: type.code, label: type.name }))}
          value={value.type}
          error={error('type')}
          onChange={(event) => set('type', event.currentTarget.value)}
        />
        {!deferral && (
          <NativeSelect
            label={c.decision}
            data={decisions.map((d) => ({ value: d, label: c.decisions[d] }))}
            value={value.decision}
            error={error('decision')}
            onChange={(event) => set('decision', event.currentTarget.value as ConsentValues['decision'])}
          />
        )}
        <DateField
          label={deferral ? c.dateDeferral : c.date}
          required
          value={value.date}
          error={error('date')}
          onChange={(date) => set('date', date)}
        />
        {deferral ? (
          <DateField
            label={c.dueOn}
            description={c.dueHint(protocol.consent.deferredDueDays)}
            value={value.dueOn}
            error={error('dueOn')}
            onChange={(date) => set('dueOn', date)}
          />
        ) : (
          <NativeSelect
            label={c.letterVersion}
            data={protocol.consent.informationLetterVersions.map((v) => ({ value: v, label: v }))}
            value={value.informationLetterVersion}
            error={error('informationLetterVersion')}
            onChange={(event) => set('informationLetterVersion', event.currentTarget.value)}
          />
        )}
      </SimpleGrid>
      {!deferral && value.decision === 'given' && protocol.consent.optionalItems.length > 0 && (
        <Checkbox.Group
          label={c.optionalItems}
          value={Object.keys(value.optionalItems).filter((code) => value.optionalItems[code] === true)}
          onChange={(codes) =>
            set(
              'optionalItems',
              Object.fromEntries(protocol.consent.optionalItems.map((item) => [item.code, codes.includes(item.code)])),
            )
          }
        >
          <Stack gap={6} mt={6}>
            {protocol.consent.optionalItems.map((item) => (
              <Checkbox key={item.code} value={item.code} label={item.name} />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
      {!deferral && value.decision === 'refused' && (
        <Alert color="orange" variant="light">
          {c.refusalWarning}
        </Alert>
      )}
    </Stack>
  );
}
