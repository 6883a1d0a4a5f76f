import { Button, NativeSelect } from '@mantine/core';
import { missingCodes, type ItemDefinition, type MissingCode } from '../../../../src/protocol/forms.ts';
import { useT } from '../../i18n/language.tsx';
import type { DraftEntry } from './form-draft.ts';
import { useFormEntry } from './form-entry-context.ts';
import { unitLabel } from './form-text.ts';

/** The controls beside a field: its unit, the reason it is missing, clearing an answer, its history. */

interface EntryControlProps {
  item: ItemDefinition;
  entry: DraftEntry | undefined;
  onChange: (entry: DraftEntry | undefined) => void;
  disabled: boolean;
}

/** The unit a number is entered in, for items that take other units (converted by the engine). */
export function UnitSelect({ item, entry, onChange, disabled }: EntryControlProps) {
  const t = useT();
  const own = item.unit ?? '';
  const typed = entry !== undefined && 'value' in entry && typeof entry.value === 'string' ? entry.value : '';
  const unit = entry !== undefined && 'value' in entry ? (entry.unit ?? own) : own;
  return (
    <NativeSelect
      aria-label={t.forms.unitAria(item.label)}
      w={120}
      disabled={disabled}
      value={unit}
      onChange={(e) => onChange({ value: typed, unit: e.currentTarget.value })}
      data={[own, ...(item.conversions ?? []).map((c) => c.unit)].map((u) => ({ value: u, label: unitLabel(t, u) }))}
    />
  );
}

/** Why there is no value (not done, unknown, …): only the codes the item allows; choosing one replaces a value. */
export function MissingCodeSelect({ item, entry, onChange, disabled, label }: EntryControlProps & { label: string }) {
  const t = useT();
  const missing = entry !== undefined && 'missing' in entry ? entry.missing : '';
  const allowed = item.allowedMissing ?? missingCodes;
  return (
    <NativeSelect
      aria-label={t.forms.missingAria(label)}
      w={190}
      disabled={disabled}
      value={missing}
      onChange={(e) => {
        const code = e.currentTarget.value;
        if (code !== '') onChange({ missing: code as MissingCode });
        else if (missing !== '') onChange(undefined);
      }}
      data={[
        { value: '', label: t.forms.missingPlaceholder },
        ...allowed.map((code) => ({ value: code, label: t.missingCodes[code] })),
      ]}
    />
  );
}

/** Takes the answer of radio buttons or checkboxes back to "not entered". */
export function ClearButton({ label, onClear }: { label: string; onClear: () => void }) {
  const t = useT();
  return (
    <Button variant="subtle" color="gray" size="compact-sm" aria-label={t.forms.clearAria(label)} onClick={onClear}>
      {t.forms.clear}
    </Button>
  );
}

/** Opens the field's history and queries; says how many queries are still open. */
export function TrailButton({ itemKey, label }: { itemKey: string; label: string }) {
  const t = useT();
  const { queries, openTrail } = useFormEntry();
  const active = queries.filter((q) => q.itemKey === itemKey && q.status !== 'closed').length;
  const visible = active === 0 ? t.forms.history : t.forms.historyWithQueries(active);
  return (
    <Button
      variant={active === 0 ? 'subtle' : 'light'}
      color={active === 0 ? 'gray' : 'orange'}
      size="compact-sm"
      aria-label={t.forms.historyAria(visible, label)}
      onClick={() => openTrail(itemKey)}
    >
      {visible}
    </Button>
  );
}
