import type { FormDefinition } from '../../../../src/protocol/forms.ts';
import type { FhirSlotProposal } from '../../../../src/features/fhir/contract.ts';
import type { BodyOf } from '../../api/client.ts';
import type { crfEndpoints } from '../../api/endpoints.ts';
import type { EntryView, FormRecordView } from '../../api/types.ts';

type SaveBody = BodyOf<typeof crfEndpoints.save>;
type EntryInput = SaveBody['items'][string];

/** An entry as the form has it, as a save sends it again: a value in the unit it was entered in, or why it is missing. */
function inputOf(view: EntryView): EntryInput {
  if ('missing' in view) return { missing: view.missing };
  if (view.entered !== undefined) return { value: view.entered.value, unit: view.entered.unit };
  const { value } = view;
  return { value: typeof value === 'object' ? [...value] : value };
}

/**
 * The save that accepts a slot's proposals: what the form holds now, entered items only (the calculated ones are
 * the server's), with the proposed values over it. Items the proposal does not name stay as they are, so an
 * accept never clears what someone entered by hand.
 */
export function acceptedSave(
  form: FormDefinition,
  record: Pick<FormRecordView, 'version' | 'items' | 'rows'>,
  proposal: Pick<FhirSlotProposal, 'items'>,
  reason: string | null,
): SaveBody {
  const calculated = new Set(
    form.groups.flatMap((g) => g.items.filter((i) => i.type === 'calculated').map((i) => i.id)),
  );
  const items: Record<string, EntryInput> = {};
  for (const [id, view] of Object.entries(record.items)) if (!calculated.has(id)) items[id] = inputOf(view);
  for (const proposed of proposal.items) items[proposed.item] = { value: proposed.value };
  const rows = Object.fromEntries(
    Object.entries(record.rows).map(([group, list]) => [
      group,
      list.map((row) =>
        Object.fromEntries(
          Object.entries(row)
            .filter(([id]) => !calculated.has(id))
            .map(([id, view]) => [id, inputOf(view)]),
        ),
      ),
    ]),
  );
  return { version: record.version, items, rows, reason };
}
