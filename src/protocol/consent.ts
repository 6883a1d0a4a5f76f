/**
 * The shape of a study's consent and withdrawal rules, as data. A protocol module fills it in.
 */

/** A consent record is a decision by someone entitled to give it, or a note that consent is deferred. */
export interface ConsentType {
  code: string;
  name: string;
  kind: 'decision' | 'deferral';
}

export interface ConsentDefinition {
  types: readonly ConsentType[];
  /** A deferred consent is due this many days after the deferral (the default the form proposes). */
  deferredDueDays: number;
  /** Versions of the information letter in use; a consent names the one the person read. */
  informationLetterVersions: readonly string[];
  /** Items a person may agree to or decline separately (e.g. future research use of samples). */
  optionalItems: readonly { code: string; name: string }[];
}

/** What a withdrawal stops, and what it has destroyed (destruction needs a second person's approval). */
export interface WithdrawalScope {
  code: string;
  name: string;
  destroySamples: boolean;
  destroyData: boolean;
}

export interface WithdrawalDefinition {
  scopes: readonly WithdrawalScope[];
  /** Who may ask for a withdrawal. */
  requesters: readonly { code: string; name: string }[];
}
