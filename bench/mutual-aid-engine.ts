/**
 * Mutual-aid engine speed: claims per second of the pure evaluation engine (no database), on generated members
 * with a few claims each, for every plan of the built-in schemes — with and without the step-by-step trace.
 * The goal for batch adjudication is ≥ 100,000 claims/s for the engine alone.
 *   npx tsx bench/mutual-aid-engine.ts [claims]
 */
import os from 'node:os';
import type { ClaimInput, MemberInput } from '../src/contracts/mutual-aid';
import { compilePlan, evaluateClaims } from '../src/server/modules/mutual-aid/evaluate.rules';
import { BUILT_IN_SCHEMES } from '../src/server/modules/mutual-aid/scheme-data';

const N = Number(process.argv[2] ?? 200_000);
const PER_MEMBER = 4;

/** A small deterministic generator, so runs compare. */
let seed = 20160217;
const rnd = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const pad = (n: number) => String(n).padStart(2, '0');
const date = (y: number) => `${y}-${pad(1 + rnd(12))}-${pad(1 + rnd(28))}`;
const ICD = ['C34.1', 'I21.0', 'I63.9', 'J18.9', 'C50.9', 'Z95.1', 'K35.8', 'N18.5'];
const DIAG = ['CI01', 'CI02', 'CI03', 'FD01', 'CI15'];

interface Work {
  label: string;
  cp: NonNullable<ReturnType<typeof compilePlan>>;
  members: Array<{ member: MemberInput; claims: ClaimInput[] }>;
}

function generate(): Work[] {
  const plans = BUILT_IN_SCHEMES.flatMap((s) => s.plans.map((p) => ({ label: `${s.code}/${p.code}`, cp: compilePlan(s, p.code)! })));
  const membersPerPlan = Math.ceil(N / PER_MEMBER / plans.length);
  return plans.map(({ label, cp }) => ({
    label,
    cp,
    members: Array.from({ length: membersPerPlan }, () => {
      const member: MemberInput = {
        status: rnd(4) === 0 ? 'hardship' : 'ordinary',
        enrolments: rnd(3) === 0 ? [{ from: '2015-01-01', to: '2015-12-31' }, { from: '2016-01-01', to: '2016-12-31' }] : [{ from: `2016-${pad(1 + rnd(3))}-01`, to: '2016-12-31' }],
      };
      const claims: ClaimInput[] = Array.from({ length: PER_MEMBER }, () => {
        const total = 10_000 + rnd(50_000_000);
        return {
          eventDate: date(2016),
          totalCostFen: total,
          insurancePaidFen: Math.floor((total * rnd(90)) / 100),
          hospitalDays: rnd(60),
          ...(rnd(2) ? { diagnosis: DIAG[rnd(DIAG.length)] } : { diagnosisIcd10: ICD[rnd(ICD.length)] }),
        };
      });
      return { member, claims };
    }),
  }));
}

function run(work: Work[], trace: boolean): { claims: number; ms: number; paid: number } {
  let claims = 0;
  let paid = 0;
  const t0 = process.hrtime.bigint();
  for (const w of work) {
    for (const m of w.members) {
      const rs = evaluateClaims(w.cp, m.member, m.claims, { trace });
      claims += rs.length;
      for (const r of rs) paid += r.payoutFen;
    }
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { claims, ms, paid };
}

const work = generate();
run(work, false); // warm up
run(work, true);
console.log(`mutual-aid engine — ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${work.length} plans, ${PER_MEMBER} claims a member`);
for (const trace of [false, true]) {
  const r = run(work, trace);
  console.log(`${trace ? 'with trace   ' : 'without trace'}: ${r.claims.toLocaleString('en-US')} claims in ${r.ms.toFixed(0)} ms → ${Math.round((r.claims / r.ms) * 1000).toLocaleString('en-US')} claims/s (paid ${r.paid} fen)`);
}
