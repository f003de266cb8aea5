import { z } from 'zod';
import { Permission } from '../../../contracts/auth';
import { uuidParam } from '../../../contracts/common';
import { accountDto, accountsQuery, entryDto, statementDto, statementQuery, verifyLedgerDto } from '../../../contracts/ledger';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/guard';
import { forbidden } from '../../platform/http/errors';
import type { ZApp } from '../../platform/http/types';
import { accountStatement, getAccount, getEntry, listAccounts, verifyLedger } from './ledger.service';

const tags = ['ledger'];
const P = '/api/v1/ledger';

/** Reads only: postings come from the business services (awards, payments, recoveries) through postEntry. */
export function registerLedgerRoutes(app: ZApp, deps: Deps): void {
  app.get(
    `${P}/accounts`,
    { config: { access: Permission.LedgerRead }, schema: { tags, summary: '台账科目及余额 / accounts with balances', querystring: accountsQuery, response: { 200: z.object({ items: z.array(accountDto), nextCursor: z.string().nullable() }) } } },
    async (req) => listAccounts(deps.db, actorOf(req), req.query),
  );
  app.get(
    `${P}/accounts/:id`,
    { config: { access: Permission.LedgerRead }, schema: { tags, summary: '一个科目 / one account', params: uuidParam, response: { 200: accountDto } } },
    async (req) => getAccount(deps.db, actorOf(req), req.params.id),
  );
  app.get(
    `${P}/accounts/:id/statement`,
    { config: { access: Permission.LedgerRead }, schema: { tags, summary: '科目明细账（期初、逐笔余额、期末）/ account statement for a period', params: uuidParam, querystring: statementQuery, response: { 200: statementDto } } },
    async (req) => accountStatement(deps.db, actorOf(req), req.params.id, req.query),
  );
  app.get(
    `${P}/entries/:id`,
    { config: { access: Permission.LedgerRead }, schema: { tags, summary: '一笔分录及其明细行 / one entry with its lines', params: uuidParam, response: { 200: entryDto } } },
    async (req) => getEntry(deps.db, actorOf(req), req.params.id),
  );
  app.get(
    `${P}/verify`,
    { config: { access: Permission.LedgerRead }, schema: { tags, summary: '核对台账（借贷平衡、余额与分录一致；财务、审计）/ verify the ledger (finance, auditor)', response: { 200: verifyLedgerDto } } },
    async (req) => {
      // the whole ledger, across every org: finance and auditors only (a reviewer reads their scope's accounts)
      if (!actorOf(req).roles.some((r) => r === 'finance' || r === 'auditor')) throw forbidden();
      return verifyLedger(deps.db);
    },
  );
}
