import { createContext, useContext } from 'react';
import type { CompiledForm } from '../../../../src/ecrf/compile.ts';
import type { CodeList, ItemGroupDefinition } from '../../../../src/protocol/forms.ts';
import type { QueryView } from '../../api/types.ts';
import type { Draft, DraftEntry, DraftState } from './form-draft.ts';

/** What every field of the entry page reads: the form, the draft and what the engine makes of it, and the page's actions. */
export interface FormEntry {
  form: CompiledForm;
  codeLists: readonly CodeList[];
  draft: Draft;
  state: DraftState;
  /** The participant's site's time zone: date-times are entered as the ward's clock shows them. */
  zone: string;
  editable: boolean;
  /** The form has been saved before: it has a history, and its empty required fields are gaps to point out. */
  started: boolean;
  /** What the server refused at the last save, by item key. */
  serverErrors: ReadonlyMap<string, string>;
  queries: readonly QueryView[];
  setEntry: (group: ItemGroupDefinition, row: number, id: string, entry: DraftEntry | undefined) => void;
  /** Adds an empty row; answers its id. */
  addRow: (groupId: string) => number;
  removeRow: (groupId: string, index: number) => void;
  /** Opens a field's history and queries. */
  openTrail: (key: string) => void;
}

export const FormEntryContext = createContext<FormEntry | null>(null);

export function useFormEntry(): FormEntry {
  const entry = useContext(FormEntryContext);
  if (entry === null) throw new Error('useFormEntry needs a FormEntryContext');
  return entry;
}
