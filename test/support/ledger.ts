import { withTx } from '../../src/server/platform/db/tx';
import type { Deps } from '../../src/server/platform/deps';
import { type Actor, systemActor } from '../../src/server/platform/http/actor';
import { type EnsureAccountInput, type PostEntryInput, ensureAccount, postEntry, reverseEntry } from '../../src/server/modules/ledger/ledger.service';
import type { LineInput } from '../../src/server/modules/ledger/ledger.rules';

/** Postings in tests come through the service, as business services will post them (there is no posting route). */
export const ledgerActor: Actor = systemActor('ledger-test');

let n = 0;
/** A fresh account of the given kind owned by the org (a unique code per call unless one is given). */
export function account(deps: Deps, orgId: string, kind: EnsureAccountInput['kind'], over: Partial<EnsureAccountInput> = {}) {
  const code = over.code ?? `${kind}:t${Date.now().toString(36)}${++n}`;
  return withTx(deps.db, (tx) => ensureAccount(tx, deps, ledgerActor, { code, nameZh: `测试${kind}${n}`, nameEn: `Test ${kind} ${n}`, kind, orgId, ...over }));
}

export const dr = (accountId: string, amountFen: number): LineInput => ({ accountId, side: 'debit', amountFen });
export const cr = (accountId: string, amountFen: number): LineInput => ({ accountId, side: 'credit', amountFen });

export function post(deps: Deps, lines: LineInput[], over: Partial<PostEntryInput> = {}) {
  return withTx(deps.db, (tx) => postEntry(tx, deps, ledgerActor, { businessDate: '2026-11-30', memo: '测试分录 / test entry', source: { type: 'test', id: null }, lines, ...over }));
}

export function reverse(deps: Deps, entryId: string, reason = '录入错误 / wrong entry') {
  return withTx(deps.db, (tx) => reverseEntry(tx, deps, ledgerActor, entryId, reason));
}
