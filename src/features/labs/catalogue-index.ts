import type { Message } from '../../core/errors.ts';
import type { AnalyteDefinition, Platform } from '../../protocol/assays.ts';
import { labMessages } from './messages.ts';

/** One assay version of the catalogue as the database holds it. */
export interface CatalogueAssay {
  id: number;
  code: string;
  version: number;
  name: string;
  platform: Platform;
  sampleType: string;
  analytes: readonly AnalyteDefinition[];
}

export interface ResolvedAnalyte {
  assay: CatalogueAssay;
  analyte: AnalyteDefinition;
}

export type Lookup = ResolvedAnalyte | { problem: Message };

/**
 * Laboratories spell an analyte many ways (`IL-6`, `IL6`, `il_6`, `Interleukine-6`): names are compared without
 * case, spaces, hyphens, underscores and dots.
 */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[\s\-_.]/g, '');
}

/**
 * Finds the catalogue's analyte for a name in a file: first the laboratory's saved mapping (name → analyte code),
 * then the analyte codes, names and aliases of the current assay versions. Olink files match only Olink assays
 * (NPX is not a concentration), other files only the others. With an assay given (a laboratory's mapping names
 * the one its files hold), only that assay's analytes match.
 */
export class AnalyteIndex {
  private readonly byName = new Map<string, ResolvedAnalyte[]>();
  private readonly byCode = new Map<string, ResolvedAnalyte>();
  private readonly cache = new Map<string, Lookup>();

  constructor(
    assays: readonly CatalogueAssay[],
    private readonly mapped: Readonly<Record<string, string>> = {},
  ) {
    for (const assay of assays) {
      for (const analyte of assay.analytes) {
        const entry = { assay, analyte };
        this.byCode.set(analyte.code, entry);
        const names = new Set([analyte.code, analyte.name, ...analyte.aliases].map(normaliseName));
        for (const name of names) this.byName.set(name, [...(this.byName.get(name) ?? []), entry]);
      }
    }
  }

  /** Current assay versions for a file of this format, optionally only one assay (by code). */
  static forFile(
    assays: readonly CatalogueAssay[],
    format: 'long' | 'wide' | 'olink',
    options: { assay?: string | undefined; analytes?: Readonly<Record<string, string>> | undefined } = {},
  ): AnalyteIndex {
    const usable = assays.filter(
      (a) =>
        (format === 'olink') === (a.platform === 'olink') && (options.assay === undefined || a.code === options.assay),
    );
    return new AnalyteIndex(usable, options.analytes);
  }

  resolve(name: string): Lookup {
    let found = this.cache.get(name);
    if (found === undefined) {
      found = this.lookup(name);
      this.cache.set(name, found);
    }
    return found;
  }

  private lookup(name: string): Lookup {
    const mappedCode = this.mapped[name] ?? this.mapped[name.trim()];
    if (mappedCode !== undefined) {
      return (
        this.byCode.get(mappedCode) ?? {
          problem: labMessages.rowMappedAnalyteMissing({ code: mappedCode }),
        }
      );
    }
    const matches = this.byName.get(normaliseName(name)) ?? [];
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) return { problem: labMessages.rowUnknownAnalyte({ name }) };
    const assays = matches.map((m) => m.assay.code).join(', ');
    return { problem: labMessages.rowAmbiguousAnalyte({ name, assays }) };
  }
}
