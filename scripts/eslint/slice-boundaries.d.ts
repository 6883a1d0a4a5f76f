import type { Rule } from 'eslint';

export function checkAcyclic(slices: Record<string, readonly string[]>): void;
export const sliceBoundaries: Rule.RuleModule;
export const septypePlugin: { rules: Record<string, Rule.RuleModule> };
