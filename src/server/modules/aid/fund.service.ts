import { Permission } from '../../../contracts/auth';
import type { AccountDto } from '../../../contracts/ledger';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { forbidden, validation } from '../../platform/http/errors';
import { postEntry } from '../ledger/ledger.service';
import { AID_SOURCES, bankAccount, fundAccount, orgById } from './aid-ledger';

/**
 * 入账: money the org received for assistance (an allocation from the federation above, a donation transferred in, the
 * union's own funds set aside) — Dr bank, Cr fund — recorded by its finance staff. Budgets are allocated from the fund.
 */
export async function recordDeposit(tx: Tx, deps: Deps, actor: Actor, input: { orgId: string; amountFen: number; businessDate: string; memo: string }): Promise<{ entryId: string; entryNo: string; fund: Pick<AccountDto, 'code' | 'balanceFen'>; bank: Pick<AccountDto, 'code' | 'balanceFen'> }> {
  if (!actor.permissions.has(Permission.AidDisburse)) throw forbidden();
  const org = await orgById(tx, input.orgId);
  if (!org.path.startsWith(actor.orgPath)) throw validation('orgId', '只能为本组织或下级组织入账', 'must be your org or one below it');
  const fund = await fundAccount(tx, deps, actor, org.id);
  const bank = await bankAccount(tx, deps, actor, org.id);
  const posted = await postEntry(tx, deps, actor, {
    businessDate: input.businessDate,
    memo: `资金入账 / funds received: ${input.memo}`,
    source: { type: AID_SOURCES.deposit, id: org.id },
    lines: [
      { accountId: bank.id, side: 'debit', amountFen: input.amountFen },
      { accountId: fund.id, side: 'credit', amountFen: input.amountFen },
    ],
  });
  return {
    entryId: posted.entry.id,
    entryNo: posted.entry.entryNo,
    fund: { code: fund.code, balanceFen: Number(fund.balanceFen) + input.amountFen },
    bank: { code: bank.code, balanceFen: Number(bank.balanceFen) + input.amountFen },
  };
}
