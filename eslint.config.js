import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { checkAcyclic, septypePlugin } from './scripts/eslint/slice-boundaries.js';

/**
 * The feature slices and the slices each may import (src/features/README.md). A new slice is declared here;
 * the graph must stay free of loops, which is checked as this file loads.
 */
const slices = {
  sites: [],
  auth: [],
  users: ['auth'],
  audit: ['sites'],
  study: [],
  screening: ['sites'],
  participants: ['sites'],
  destruction: ['participants', 'sites', 'samples'],
  consent: ['participants', 'destruction'],
  enrollment: ['screening', 'participants', 'consent', 'sites'],
  visits: ['participants', 'sites'],
  crf: ['participants', 'sites', 'auth'],
  samples: ['participants', 'sites'],
  labs: ['participants', 'sites', 'samples'],
  dashboards: ['sites'],
  analysis: ['participants'],
  exports: ['sites', 'participants', 'analysis', 'audit'],
  fhir: ['participants', 'sites'],
};
checkAcyclic(slices);

/**
 * Layers may only import downwards (architecture.md): core ← protocol ← clinical, stats ← ecrf, immunotype ←
 * kernel (+ db) ← features ← server, cli. The eCRF engine (src/ecrf) evaluates the protocol's forms with the
 * clinical calculators.
 */
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }] }],
  },
});
const above = (...folders) => folders.map((f) => `**/${f}/**`);

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/dist/', 'data/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'web/*.js', 'scripts/eslint/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: globals.node,
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'named exports only: no export * barrels' },
      ],
    },
  },
  layer(
    ['src/core/**'],
    above(
      'protocol',
      'clinical',
      'stats',
      'ecrf',
      'immunotype',
      'interop',
      'db',
      'kernel',
      'features',
      'server',
      'cli',
      'demo',
    ),
    'src/core depends on nothing else in septype',
  ),
  layer(
    ['src/protocol/**'],
    above('clinical', 'stats', 'ecrf', 'immunotype', 'interop', 'db', 'kernel', 'features', 'server', 'cli'),
    'src/protocol may use only src/core',
  ),
  layer(
    ['src/clinical/**', 'src/stats/**'],
    above('ecrf', 'immunotype', 'interop', 'db', 'kernel', 'features', 'server', 'cli'),
    'pure rules and numerics: no I/O layers',
  ),
  layer(
    ['src/ecrf/**'],
    above('stats', 'immunotype', 'interop', 'db', 'kernel', 'features', 'server', 'cli'),
    'the eCRF engine is pure: it reads forms (src/protocol) and calls calculators (src/clinical)',
  ),
  layer(['src/immunotype/**'], above('interop', 'db', 'kernel', 'features', 'server', 'cli'), 'src/immunotype is pure'),
  layer(
    ['src/interop/**'],
    above('db', 'kernel', 'features', 'server', 'cli'),
    'src/interop is pure: formats (ODM, REDCap, FHIR, tidy tables) in and out, no I/O',
  ),
  layer(['src/db/**'], above('kernel', 'features', 'server', 'cli'), 'src/db knows nothing of features'),
  layer(['src/kernel/**'], above('features', 'server', 'cli'), 'the kernel serves the features and knows none of them'),
  layer(
    ['src/features/**'],
    above('server', 'cli'),
    'features are assembled by server and cli, not the other way round',
  ),
  {
    files: ['src/features/**/*.ts', 'src/server/**/*.ts', 'src/cli/**/*.ts'],
    plugins: { septype: septypePlugin },
    rules: { 'septype/slice-boundaries': ['error', { slices }] },
  },
  {
    // What the web app shows must be translatable: refusals there carry a message of a messages.ts, not a string.
    files: [
      'src/features/**/*.ts',
      'src/kernel/**/*.ts',
      'src/server/**/*.ts',
      'src/protocol/**/*.ts',
      'src/ecrf/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'named exports only: no export * barrels' },
        ...["NewExpression[callee.name='AppError']", "NewExpression[callee.name='InputError']"].map((call) => ({
          selector: `${call}[arguments.1.type=/^(Literal|TemplateLiteral)$/]`,
          message: 'give a message of a messages.ts (defineMessages), so that the web app can translate it',
        })),
      ],
    },
  },
  {
    // Text from the database may hold terminal control sequences: src/cli/output.ts makes it inert (issue 10).
    files: ['src/cli/**'],
    ignores: ['src/cli/output.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['stdout', 'stderr'].map((property) => ({
          object: 'process',
          property,
          message: 'write through src/cli/output.ts (print, printError, printJson), which makes values inert',
        })),
      ],
    },
  },
  {
    files: ['src/**'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'only src/cli decides exit codes' },
      ],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/db/**', '**/src/server/**', '**/src/cli/**'],
              message: 'the web app talks to the server over HTTP only',
            },
            {
              group: ['**/src/features/*/*', '!**/src/features/*/contract.ts', '!**/src/features/*/messages.ts'],
              message: "the web app may import a slice's contract.ts and messages.ts only",
            },
            { group: ['**/src/kernel/**'], message: 'the kernel is server-side' },
            { group: ['node:*'], message: 'no Node APIs in the browser' },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.test.ts', 'test/**', 'bench/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
