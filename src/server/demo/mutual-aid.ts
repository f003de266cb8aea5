import { seedBuiltInSchemes } from '../modules/mutual-aid/scheme.service';
import { withTx } from '../platform/db/tx';
import type { Deps } from '../platform/deps';
import { systemActor } from '../platform/http/actor';

/**
 * 演示互助方案: the five Guizhou medical mutual-aid schemes (六盘水, 思南, 贵阳, 遵义, the province) stored as version 1,
 * published, each owned by its region's federation. Needs the federations (seedDemo makes them); idempotent.
 */
export async function seedMutualAidSchemes(deps: Deps, log: (s: string) => void = () => {}): Promise<number> {
  const n = await withTx(deps.db, (tx) => seedBuiltInSchemes(tx, deps, systemActor('seed')));
  if (n > 0) log(`互助方案 / mutual-aid schemes: ${n}`);
  return n;
}
