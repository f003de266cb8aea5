import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { Permission } from '../../../contracts/auth';
import type { BatchAdjudicateResult } from '../../../contracts/mutual-aid-claims';
import { recordAudit } from '../../platform/audit/audit.service';
import { type Db, rowsOf } from '../../platform/db/client';
import { type Tx, withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { forbidden } from '../../platform/http/errors';
import { type ClaimContribution, COUNTED_STATUSES, accumulatorsOf, contributionOf, engineClaim, snapshot } from './claim.rules';
import { claimVisible, contributionColumns } from './claim.service';
import { mutualAidClaims as claims } from './claim.table';
import { coverageOf, hardshipTimelines, statusFromTimelines } from './coverage.service';
import { type Accumulators, type CompiledPlan, evaluateClaims, newAccumulators, periodOf } from './evaluate.rules';
import { publishedVersions } from './scheme.service';
import type { MutualAidSchemeVersionRow } from './scheme.table';
import { compiledPlan } from './simulate.service';

/**
 * 批量核算 Batch adjudication of stored claims (status received) in the actor's scope, in member / plan / event-date
 * order, with the accumulators carried in memory from one claim to the next — the same results as taking the claims
 * in one by one in that order.
 *
 * The claims are worked through in chunks of whole members, each in its own transaction (on PostgreSQL two at once): the chunk's members are
 * locked (as intake locks them), their claims re-read still received and locked, their counted claims, covered
 * periods and registry timelines loaded in bulk, every claim evaluated by the pure engine, and the results written
 * with one UPDATE … FROM json_to_recordset per thousand claims. One audit event per chunk records what it did.
 * Claims under no version in force on their event date, or of a plan that version lacks, stay received (skipped).
 */

export interface BatchOptions {
  /** At most this many claims (default: all received in scope). */
  limit?: number;
  /** Store the step-by-step trace (default true). */
  trace?: boolean;
  /** Claims per transaction (rounded up to whole members; default 5,000). */
  chunkClaims?: number;
  /** Called after each chunk (progress). */
  onProgress?: (done: number, total: number) => void;
  /** Chunks in flight at once on PostgreSQL (default 2; PGlite: always 1). */
  concurrency?: number;
  /** When given, milliseconds per phase are added to it: select, lock, lookups, engine, prepare, write, audit. */
  profile?: Record<string, number>;
}

const lap = (profile: Record<string, number> | undefined, phase: string, since: number): number => {
  const now = performance.now();
  if (profile) profile[phase] = (profile[phase] ?? 0) + (now - since);
  return now;
};

interface Candidate {
  id: string;
  claimNo: string;
  memberId: string;
  schemeCode: string;
  planCode: string;
  eventDate: string;
  diagnosis: string | null;
  diagnosisIcd10: string | null;
  totalCostFen: number | null;
  insurancePaidFen: number | null;
  hospitalDays: number | null;
}

const WRITE_ROWS = 1000;

/** A uuid text array parameter (ids are bare in an array literal). */
const uuids = (ids: readonly string[]) => sql`${sql.param(`{${ids.join(',')}}`)}::uuid[]`;

export async function adjudicateBatch(db: Db, deps: Pick<Deps, 'clock'> & Partial<Pick<Deps, 'dbKind'>>, actor: Actor, opts: BatchOptions = {}): Promise<BatchAdjudicateResult> {
  if (!actor.permissions.has(Permission.MutualAidReview)) throw forbidden();
  const t0 = performance.now();
  const trace = opts.trace !== false;
  const chunkClaims = opts.chunkClaims ?? 5000;
  const candidates: Candidate[] = await db
    .select({
      id: claims.id,
      claimNo: claims.claimNo,
      memberId: claims.memberId,
      schemeCode: claims.schemeCode,
      planCode: claims.planCode,
      eventDate: claims.eventDate,
      diagnosis: claims.diagnosis,
      diagnosisIcd10: claims.diagnosisIcd10,
      totalCostFen: claims.totalCostFen,
      insurancePaidFen: claims.insurancePaidFen,
      hospitalDays: claims.hospitalDays,
    })
    .from(claims)
    .where(and(eq(claims.status, 'received'), claimVisible(actor)))
    .orderBy(asc(claims.memberId), asc(claims.planCode), asc(claims.eventDate), asc(claims.claimNo))
    .limit(opts.limit ?? 10_000_000);
  lap(opts.profile, 'select', t0);

  // the published versions of every scheme involved, loaded once
  const versions = new Map<string, MutualAidSchemeVersionRow[]>();
  for (const code of new Set(candidates.map((c) => c.schemeCode))) versions.set(code, await publishedVersions(db, code));
  const planFor = (c: Candidate): { version: MutualAidSchemeVersionRow; cp: CompiledPlan } | null => {
    const vs = versions.get(c.schemeCode)!;
    for (const v of vs) {
      if (v.validFrom <= c.eventDate && c.eventDate <= v.validTo) {
        const cp = compiledPlan(v, c.planCode);
        return cp ? { version: v, cp } : null;
      }
    }
    return null;
  };

  const chunks: Candidate[][] = [];
  for (let i = 0; i < candidates.length; ) {
    let j = Math.min(i + chunkClaims, candidates.length);
    while (j < candidates.length && candidates[j]!.memberId === candidates[j - 1]!.memberId) j++;
    chunks.push(candidates.slice(i, j));
    i = j;
  }
  const result: BatchAdjudicateResult = { adjudicated: 0, withPayout: 0, totalPayoutFen: 0, skipped: 0, remaining: 0, ms: 0, engineMs: 0 };
  let done = 0;
  let next = 0;
  // chunks hold disjoint members, so on PostgreSQL two may be in flight at once (one evaluates while the other writes);
  // PGlite has one connection
  const inFlight = deps.dbKind === 'postgres' ? Math.max(1, opts.concurrency ?? 2) : 1;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!;
      const r = await withTx(db, (tx) => adjudicateChunk(tx, deps, actor, chunk, planFor, trace, opts.profile));
      result.adjudicated += r.adjudicated;
      result.withPayout += r.withPayout;
      result.totalPayoutFen += r.totalPayoutFen;
      result.skipped += r.skipped;
      result.engineMs += r.engineMs;
      done += chunk.length;
      opts.onProgress?.(done, candidates.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, chunks.length) }, worker));
  const [left] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from mutual_aid_claims where status = 'received' and ${claimVisible(actor)}`));
  result.remaining = left?.n ?? 0;
  result.ms = Math.round((performance.now() - t0) * 10) / 10;
  result.engineMs = Math.round(result.engineMs * 10) / 10;
  return result;
}

async function adjudicateChunk(
  tx: Tx,
  deps: Pick<Deps, 'clock'>,
  actor: Actor,
  chunk: Candidate[],
  planFor: (c: Candidate) => { version: MutualAidSchemeVersionRow; cp: CompiledPlan } | null,
  trace: boolean,
  profile: Record<string, number> | undefined,
): Promise<Omit<BatchAdjudicateResult, 'ms' | 'remaining'>> {
  let t = performance.now();
  const memberIds = [...new Set(chunk.map((c) => c.memberId))];
  // the members, locked in id order (intake locks one member the same way)
  const ms = rowsOf<{ id: string; bidx: string }>(await tx.execute(sql`select id, id_number_bidx as bidx from mutual_aid_members where id = any(${uuids(memberIds)}) order by id for update`));
  const bidxOf = new Map(ms.map((m) => [m.id, m.bidx]));
  // the claims still received, locked
  const still = new Set(
    rowsOf<{ id: string }>(await tx.execute(sql`select id from mutual_aid_claims where id = any(${uuids(chunk.map((c) => c.id))}) and status = 'received' for update`)).map((r) => r.id),
  );
  t = lap(profile, 'lock', t);
  // the counted claims of these members: the accumulators each member and plan start from
  const counted = await tx
    .select({ memberId: claims.memberId, planCode: claims.planCode, ...contributionColumns })
    .from(claims)
    .where(and(sql`${claims.memberId} = any(${uuids(memberIds)})`, inArray(claims.status, [...COUNTED_STATUSES])));
  const startRows = new Map<string, ClaimContribution[]>();
  for (const r of counted) {
    const k = `${r.memberId}|${r.planCode}`;
    const list = startRows.get(k) ?? [];
    list.push({ ...r, accBaseFen: Number(r.accBaseFen), accCountedFen: Number(r.accCountedFen), payoutFen: r.payoutFen === null ? null : Number(r.payoutFen) });
    startRows.set(k, list);
  }
  const coverage = await coverageOf(tx, memberIds);
  const timelines = await hardshipTimelines(tx, ms.map((m) => m.bidx));
  t = lap(profile, 'lookups', t);

  let engineMs = 0;
  let adjudicated = 0;
  let withPayout = 0;
  let totalPayoutFen = 0;
  let skipped = 0;
  // each result is serialised as soon as it is made, so its trace objects die young (cheap for the GC)
  const out: string[] = [];
  let accKey = '';
  let acc: Accumulators = newAccumulators();
  for (const c of chunk) {
    if (!still.has(c.id)) continue;
    const vp = planFor(c);
    if (!vp) {
      skipped++;
      continue;
    }
    const key = `${c.memberId}|${c.planCode}`;
    if (key !== accKey) {
      accKey = key;
      const rows = startRows.get(key);
      acc = rows ? accumulatorsOf(rows) : newAccumulators();
    }
    const status = statusFromTimelines(timelines, bidxOf.get(c.memberId)!, c.eventDate);
    const enrolments = coverage.get(c.memberId)?.get(c.planCode) ?? [];
    const period = periodOf(vp.cp, c.eventDate);
    const before = snapshot(acc, period);
    const e0 = performance.now();
    const r = evaluateClaims(vp.cp, { status, enrolments }, [engineClaim(c)], { accumulators: acc, trace })[0]!;
    engineMs += performance.now() - e0;
    const d = contributionOf(before, acc, period, r.payoutFen);
    out.push(JSON.stringify({
      id: c.id,
      member_status: status,
      scheme_version_id: vp.version.id,
      scheme_version: vp.version.version,
      payout_fen: r.payoutFen,
      reason: r.reason ?? null,
      final_burden_fen: r.finalBurdenFen ?? null,
      trace: trace ? r.trace : null,
      acc_period: period,
      acc_base_fen: d.accBaseFen,
      acc_counted_fen: d.accCountedFen,
      acc_paid_days: d.accPaidDays,
      acc_claims: d.accClaims,
      acc_diagnosis_code: d.accDiagnosisCode,
    }));
    adjudicated++;
    if (r.payoutFen > 0) withPayout++;
    totalPayoutFen += r.payoutFen;
  }

  if (profile) {
    profile.engine = (profile.engine ?? 0) + engineMs;
    profile.prepare = (profile.prepare ?? 0) + (performance.now() - t - engineMs);
  }
  t = performance.now();
  const now = deps.clock.now().toISOString();
  for (let k = 0; k < out.length; k += WRITE_ROWS) {
    const part = `[${out.slice(k, k + WRITE_ROWS).join(',')}]`;
    await tx.execute(sql`update mutual_aid_claims c set
        status = 'adjudicated', member_status = u.member_status, scheme_version_id = u.scheme_version_id, scheme_version = u.scheme_version,
        engine_payout_fen = u.payout_fen, payout_fen = u.payout_fen, reason = u.reason, final_burden_fen = u.final_burden_fen, trace = u.trace,
        acc_period = u.acc_period, acc_base_fen = u.acc_base_fen, acc_counted_fen = u.acc_counted_fen, acc_paid_days = u.acc_paid_days,
        acc_claims = u.acc_claims, acc_diagnosis_code = u.acc_diagnosis_code, adjudicated_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
      from json_to_recordset(${part}::json) as u(id uuid, member_status text, scheme_version_id uuid, scheme_version int, payout_fen bigint, reason text,
        final_burden_fen bigint, trace jsonb, acc_period int, acc_base_fen bigint, acc_counted_fen bigint, acc_paid_days int, acc_claims int, acc_diagnosis_code text)
      where c.id = u.id and c.status = 'received'`);
  }
  t = lap(profile, 'write', t);
  if (out.length > 0 || skipped > 0) {
    await recordAudit(tx, actor, deps.clock, {
      action: 'mutual_aid.claim.adjudicate_batch',
      entityType: 'mutual_aid_claim',
      orgPath: actor.orgPath,
      after: { adjudicated, withPayout, totalPayoutFen, skipped, firstClaimNo: chunk[0]!.claimNo, lastClaimNo: chunk.at(-1)!.claimNo, trace },
    });
  }
  lap(profile, 'audit', t);
  return { adjudicated, withPayout, totalPayoutFen, skipped, engineMs };
}
