import { seedMutualAidSchemes } from '../../src/server/demo/mutual-aid';
import type { Deps } from '../../src/server/platform/deps';
import { federations } from './factories';

/** The five built-in mutual-aid schemes stored as published version 1 of their federations (idempotent). */
export async function seedSchemes(deps: Deps): Promise<void> {
  await federations(deps);
  await seedMutualAidSchemes(deps);
}
