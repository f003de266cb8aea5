import type { Scheme, SimulateBody, SimulateResponse } from '../../../contracts/mutual-aid';
import type { Db } from '../../platform/db/client';
import type { Actor } from '../../platform/http/actor';
import { AppError, validation } from '../../platform/http/errors';
import { type ClaimResult, type CompiledPlan, compilePlan, evaluateClaims, newAccumulators } from './evaluate.rules';
import type { MutualAidSchemeVersionRow } from './scheme.table';
import { publishedVersions } from './scheme.service';

/**
 * 互助测算 What-if benefit calculation: a cadre enters a member and a sequence of claims and sees, per claim, what
 * the scheme would pay and why. Each claim is evaluated under the published version of the scheme in force on its
 * event date (the result names it); claims under different versions share the member's accumulators, so a year's cap
 * counts what an earlier version paid in that year. Only reads, so no transaction is taken; nothing is written.
 * Every staff member with mutualaid.read may use it; published schemes are public rules, so there is no scope to apply.
 */

/** Compiled plans of published versions: a published version never changes, so its id keys the cache for good. */
const compiled = new Map<string, CompiledPlan | null>();

/** Echo a code in a message only when it looks like one. */
const shown = (code: string) => (/^[A-Za-z0-9_-]{1,32}$/.test(code) ? ` ${code}` : '');

/** A plan of a published version, compiled once and kept (null: the version has no such plan). Claims use it too. */
export function compiledPlan(row: Pick<MutualAidSchemeVersionRow, 'id' | 'scheme'>, planCode: string): CompiledPlan | null {
  const key = `${row.id}\u0000${planCode}`;
  let cp = compiled.get(key);
  if (cp === undefined) {
    cp = compilePlan(row.scheme as Scheme, planCode) ?? null;
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(key, cp);
  }
  return cp;
}

function planOf(row: MutualAidSchemeVersionRow, planCode: string): CompiledPlan {
  const cp = compiledPlan(row, planCode);
  if (!cp) throw new AppError(404, 'NOT_FOUND', { entity: `互助方案 ${row.code} 的计划${shown(planCode)}`, entityEn: `Plan${shown(planCode)} of mutual-aid scheme ${row.code}` });
  return cp;
}

export async function simulate(db: Db, _actor: Actor, input: SimulateBody): Promise<SimulateResponse> {
  const all = await publishedVersions(db, input.schemeCode);
  if (all.length === 0) throw new AppError(404, 'NOT_FOUND', { entity: `互助方案${shown(input.schemeCode)}`, entityEn: `Mutual-aid scheme${shown(input.schemeCode)}` });
  const used = input.claims.map((c, i) => {
    const v = all.find((x) => x.validFrom <= c.eventDate && c.eventDate <= x.validTo);
    if (!v) {
      const periods = all.map((x) => `${x.version}: ${x.validFrom}–${x.validTo}`).join('; ');
      throw validation(`claims.${i}.eventDate`, `${c.eventDate} 没有施行中的方案 ${all[0]!.code} 版本（各版施行期 ${periods}）`, `no version of scheme ${all[0]!.code} is in force on ${c.eventDate} (versions in force: ${periods})`);
    }
    return v;
  });
  // every version used must have the plan (checked before evaluating anything)
  const plans = used.map((v) => planOf(v, input.planCode));

  const acc = newAccumulators();
  const results: ClaimResult[] = [];
  for (let i = 0; i < input.claims.length; ) {
    let j = i + 1;
    while (j < input.claims.length && used[j] === used[i]) j++;
    results.push(...evaluateClaims(plans[i]!, input.member, input.claims.slice(i, j), { accumulators: acc }));
    i = j;
  }
  let total = 0;
  for (const r of results) total += r.payoutFen;
  const latest = used.reduce((m, v) => (v.version > m.version ? v : m), used[0]!);
  return { schemeCode: latest.code, schemeVersion: latest.version, planCode: plans[0]!.plan.code, totalPayoutFen: total, results };
}
