import { existsSync, readFileSync, statSync } from 'node:fs';
import { InputError } from '../core/errors.ts';
import { participantIdOf, proposeForParticipant } from '../features/fhir/public.ts';
import { dbFlag, parseFlags, requireFlag } from './args.ts';
import { operatorContext, withDatabase } from './context.ts';
import { printJson } from './output.ts';

/**
 * `septype fhir propose`: what a FHIR R4 bundle proposes for a participant's forms (docs/fhir.md), as the API
 * answers it, printed as JSON. Nothing is stored but the audit entry that a bundle was read.
 */
export async function fhir(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'propose') throw new InputError('command', `unknown command "fhir ${sub ?? ''}": use propose`);
  const flags = parseFlags(rest, {
    ...dbFlag,
    participant: { type: 'string' },
    file: { type: 'string' },
    encounter: { type: 'string' },
  });
  const studyId = requireFlag(flags.participant, '--participant');
  const path = requireFlag(flags.file, '--file');
  if (!existsSync(path) || !statSync(path).isFile()) throw new InputError('--file', `no file at ${path}`);
  let bundle: unknown;
  try {
    bundle = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new InputError('--file', `${path} is not JSON`);
  }
  await withDatabase(flags.db, 'existing', async (app) => {
    const ctx = operatorContext(app);
    const participantId = await participantIdOf(ctx, studyId);
    printJson(
      await proposeForParticipant(ctx, participantId, {
        bundle: bundle as { resourceType: 'Bundle' },
        encounterId: flags.encounter ?? null,
      }),
    );
  });
}
