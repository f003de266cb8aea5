import { seedBuiltInSchemes } from '../../src/server/modules/mutual-aid/scheme.service';
import { withTx } from '../../src/server/platform/db/tx';
import type { Deps } from '../../src/server/platform/deps';
import { systemActor } from '../../src/server/platform/http/actor';
import { federations } from './factories';

/**
 * The five built-in mutual-aid schemes stored as published version 1 of their federations, in force 2016–2025
 * (SEED_PERIOD; the demo keeps them to the end of the current year instead). Idempotent.
 */
export async function seedSchemes(deps: Deps): Promise<void> {
  await federations(deps);
  await withTx(deps.db, (tx) => seedBuiltInSchemes(tx, deps, systemActor('seed')));
}
