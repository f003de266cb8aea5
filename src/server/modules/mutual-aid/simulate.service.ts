import type { SchemeListResponse, SimulateBody, SimulateResponse } from '../../../contracts/mutual-aid';
import type { Actor } from '../../platform/http/actor';
import { AppError } from '../../platform/http/errors';
import { type CompiledPlan, compilePlan, evaluateClaims } from './evaluate.rules';
import { BUILT_IN_SCHEMES, builtInScheme } from './scheme-data';

/**
 * 互助测算 What-if benefit calculation: a cadre enters a member and a sequence of claims and sees, per claim, what
 * the scheme would pay and why. Nothing is read from or written to the database: the schemes are the built-in
 * ones of scheme-data.ts until schemes are stored (versioned) in the database, so no transaction is taken.
 * Every staff member with mutualaid.read may use it; schemes are public rules, so there is no scope to apply.
 */

const compiled = new Map<string, CompiledPlan>();

/** Echo a code in a message only when it looks like one. */
const shown = (code: string) => (/^[A-Za-z0-9_-]{1,32}$/.test(code) ? ` ${code}` : '');

function planOf(schemeCode: string, planCode: string): CompiledPlan {
  const key = `${schemeCode}\u0000${planCode}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  const s = builtInScheme(schemeCode);
  if (!s) throw new AppError(404, 'NOT_FOUND', { entity: `互助方案${shown(schemeCode)}`, entityEn: `Mutual-aid scheme${shown(schemeCode)}` });
  const cp = compilePlan(s, planCode);
  if (!cp) throw new AppError(404, 'NOT_FOUND', { entity: `互助方案 ${s.code} 的计划${shown(planCode)}`, entityEn: `Plan${shown(planCode)} of mutual-aid scheme ${s.code}` });
  compiled.set(key, cp);
  return cp;
}

export function simulate(_actor: Actor, input: SimulateBody): SimulateResponse {
  const cp = planOf(input.schemeCode, input.planCode);
  const results = evaluateClaims(cp, input.member, input.claims);
  let total = 0;
  for (const r of results) total += r.payoutFen;
  return { schemeCode: cp.scheme.code, schemeVersion: cp.scheme.version, planCode: cp.plan.code, totalPayoutFen: total, results };
}

/** The schemes and their plans, for the calculator's pickers. */
export function listSchemes(_actor: Actor): SchemeListResponse {
  return {
    items: BUILT_IN_SCHEMES.map((s) => ({
      code: s.code,
      name: s.name,
      regionCode: s.regionCode,
      version: s.version,
      plans: s.plans.map((p) => ({
        code: p.code,
        name: p.name,
        kind: p.kind,
        trigger: p.trigger,
        diagnoses: p.kind === 'lump_sum' ? p.diagnoses.map((d) => ({ code: d.code, name: d.name, icd10: d.icd10 })) : [],
      })),
    })),
    nextCursor: null,
  };
}
