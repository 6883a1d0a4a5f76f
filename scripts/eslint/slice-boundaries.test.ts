import { RuleTester } from 'eslint';
import { describe, expect, it } from 'vitest';
import { checkAcyclic, sliceBoundaries } from './slice-boundaries.js';

RuleTester.describe = describe;
RuleTester.it = it;

const slices = { sites: [], participants: ['sites'], consent: ['participants'] };
const options = [{ slices }];
const tester = new RuleTester({ languageOptions: { ecmaVersion: 2023, sourceType: 'module' } });
const at = (file: string) => `${process.cwd()}/src/${file}`;

describe('feature slices', () => {
  tester.run('slice-boundaries', sliceBoundaries, {
    valid: [
      { filename: at('features/consent/service.ts'), code: "import { x } from '../participants/public.ts';", options },
      { filename: at('features/consent/service.ts'), code: "import { x } from './repo.ts';", options },
      { filename: at('features/consent/service.ts'), code: "import { x } from '../../kernel/context.ts';", options },
      {
        filename: at('features/consent/contract.ts'),
        code: "import { y } from '../participants/contract.ts';",
        options,
      },
      { filename: at('features/consent/contract.ts'), code: "import { y } from '../../core/schemas.ts';", options },
      { filename: at('server/app.ts'), code: "import { r } from '../features/consent/public.ts';", options },
      { filename: at('cli/site.ts'), code: "const m = import('../features/sites/public.ts');", options },
    ],
    invalid: [
      {
        filename: at('features/consent/service.ts'),
        code: "import { x } from '../participants/repo.ts';",
        options,
        errors: [{ message: /private to the participants slice/ }],
      },
      {
        filename: at('features/participants/service.ts'),
        code: "import { x } from '../consent/public.ts';",
        options,
        errors: [{ message: /may not import slice "consent"/ }],
      },
      {
        filename: at('features/consent/service.ts'),
        code: "export { x } from '../sites/public.ts';",
        options,
        errors: [{ message: /may not import slice "sites"/ }],
      },
      {
        filename: at('features/consent/contract.ts'),
        code: "import { x } from '../participants/public.ts';",
        options,
        errors: [{ message: /imported by the web app/ }],
      },
      {
        filename: at('features/consent/contract.ts'),
        code: "import { x } from '../../kernel/context.ts';",
        options,
        errors: [{ message: /imported by the web app/ }],
      },
      {
        filename: at('server/app.ts'),
        code: "import { r } from '../features/consent/service.ts';",
        options,
        errors: [{ message: /private to the consent slice/ }],
      },
      {
        filename: at('features/billing/service.ts'),
        code: "import { x } from './repo.ts';",
        options,
        errors: [{ message: /not declared/ }],
      },
    ],
  });
});

describe('the declared order of slices', () => {
  it('refuses a loop, direct or round several slices, naming it', () => {
    expect(() => checkAcyclic({ a: ['b'], b: ['a'] })).toThrow('a → b → a');
    expect(() => checkAcyclic({ a: ['b'], b: ['c'], c: ['a'] })).toThrow('a → b → c → a');
    expect(() => checkAcyclic({ a: ['z'] })).toThrow(/not declared/);
    expect(() => checkAcyclic(slices)).not.toThrow();
  });
});
