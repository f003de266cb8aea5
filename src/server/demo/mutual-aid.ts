import { SEED_PERIOD, seedBuiltInSchemes } from '../modules/mutual-aid/scheme.service';
import { shanghaiDate } from '../modules/registry/household.rules';
import { withTx } from '../platform/db/tx';
import type { Deps } from '../platform/deps';
import { systemActor } from '../platform/http/actor';

/**
 * 演示互助方案: the five Guizhou medical mutual-aid schemes (六盘水, 思南, 贵阳, 遵义, the province) stored as version 1,
 * published, each owned by its region's federation. Needs the federations (seedDemo makes them); idempotent.
 * demo: the 2016 rules are kept in force from 2016 to the end of the current year, so the calculator answers for
 * today's dates; a federation publishes its next version from the year after.
 */
export async function seedMutualAidSchemes(deps: Deps, log: (s: string) => void = () => {}): Promise<number> {
  const year = shanghaiDate(deps.clock.now()).slice(0, 4);
  const n = await withTx(deps.db, (tx) => seedBuiltInSchemes(tx, deps, systemActor('seed'), { validFrom: SEED_PERIOD.validFrom, validTo: `${year}-12-31` }));
  if (n > 0) log(`互助方案 / mutual-aid schemes: ${n}`);
  return n;
}
