import path from 'node:path';

/**
 * ESLint rule `septype/slice-boundaries`: feature slices (src/features/<slice>/) talk to each other only
 * through their public surface, and only downwards in a declared order, so they cannot grow into a tangle.
 *
 * - Another slice is reached only through its `public.ts` (functions, for the server side), `contract.ts`
 *   (schemas and endpoints) or `messages.ts`; everything else in a slice is private to it.
 * - A slice imports only the slices it declares (`slices` option); the declared graph must have no cycle,
 *   so no two slices import each other, directly or round a loop.
 * - `contract.ts` and `messages.ts` are what the web app imports: they may import only pure layers
 *   (core, protocol, clinical, ecrf, the analysis spec in src/immunotype/spec.ts and the FHIR proposals' model in
 *   src/interop/fhir/model.ts) and other slices' contracts and messages, never server-side code.
 * - The server and the command line use a slice's public surface too.
 */

const publicFiles = new Set(['public.ts', 'contract.ts', 'messages.ts']);
const browserSafeFiles = new Set(['contract.ts', 'messages.ts']);
// src/immunotype/spec.ts: the analysis spec's schemas, which the API's contract validates (zod only); the FHIR
// proposals' model (types and the finding kinds, no imports), which the fhir contract's answer repeats.
const pureLayers = [
  'src/core/',
  'src/protocol/',
  'src/clinical/',
  'src/ecrf/',
  'src/immunotype/spec.ts',
  'src/interop/fhir/model.ts',
];

/** The order in which slices may depend on each other; throws naming a cycle. */
export function checkAcyclic(slices) {
  const state = new Map();
  const visit = (slice, trail) => {
    if (state.get(slice) === 'done') return;
    if (state.get(slice) === 'visiting')
      throw new Error(`feature slices import round a loop: ${[...trail, slice].join(' → ')}`);
    state.set(slice, 'visiting');
    for (const dependency of slices[slice] ?? []) {
      if (!(dependency in slices)) throw new Error(`slice ${slice} depends on ${dependency}, which is not declared`);
      visit(dependency, [...trail, slice]);
    }
    state.set(slice, 'done');
  };
  for (const slice of Object.keys(slices)) visit(slice, []);
}

/** `src/features/<slice>/<rest>` of a project-relative path, or null. */
function featureOf(relative) {
  const match = /^src\/features\/([^/]+)\/(.+)$/.exec(relative);
  return match === null ? null : { slice: match[1], file: match[2] };
}

export const sliceBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'feature slices import each other only through public surfaces, in a declared order' },
    schema: [
      {
        type: 'object',
        properties: { slices: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } } },
        required: ['slices'],
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { slices } = context.options[0];
    const root = context.cwd;
    const from = path.relative(root, context.filename).split(path.sep).join('/');
    const here = featureOf(from);
    const inServerSide = from.startsWith('src/server/') || from.startsWith('src/cli/');
    if (here === null && !inServerSide) return {};
    if (here !== null && !(here.slice in slices)) {
      return {
        Program(node) {
          context.report({ node, message: `slice "${here.slice}" is not declared in the slices of eslint.config.js` });
        },
      };
    }
    const browserSafe = here !== null && browserSafeFiles.has(here.file);

    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
      const there = featureOf(target);
      if (browserSafe && there === null && !pureLayers.some((layer) => target.startsWith(layer))) {
        context.report({ node, message: `${here.file} is imported by the web app: it may not import ${target}` });
        return;
      }
      if (there === null || (here !== null && there.slice === here.slice)) return;
      if (!publicFiles.has(there.file)) {
        context.report({
          node,
          message: `${target} is private to the ${there.slice} slice: import its public.ts, contract.ts or messages.ts`,
        });
        return;
      }
      if (browserSafe && !browserSafeFiles.has(there.file)) {
        context.report({ node, message: `${here.file} is imported by the web app: it may not import ${target}` });
        return;
      }
      if (here !== null && !(slices[here.slice] ?? []).includes(there.slice)) {
        context.report({
          node,
          message: `slice "${here.slice}" may not import slice "${there.slice}": declare the dependency in eslint.config.js (no loops)`,
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export const septypePlugin = { rules: { 'slice-boundaries': sliceBoundaries } };
