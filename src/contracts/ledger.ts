import { z } from 'zod';

/** Ledger (台账): accounts, journal entries (分录) and their lines. Amounts are integer fen. */
export const ACCOUNT_KINDS = ['asset', 'liability', 'equity', 'income', 'expense'] as const;
export const accountKindSchema = z.enum(ACCOUNT_KINDS);
export type AccountKindDto = z.infer<typeof accountKindSchema>;
export const ACCOUNT_KIND_LABELS: Record<AccountKindDto, { zh: string; en: string }> = {
  asset: { zh: '资产', en: 'Asset' },
  liability: { zh: '负债', en: 'Liability' },
  equity: { zh: '净资产/基金', en: 'Equity / fund' },
  income: { zh: '收入', en: 'Income' },
  expense: { zh: '支出', en: 'Expense' },
};
export const sideSchema = z.enum(['debit', 'credit']);
export const SIDE_LABELS = { debit: { zh: '借', en: 'Debit' }, credit: { zh: '贷', en: 'Credit' } } as const;

const cursorLimit = {
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};
const isoDate = z.iso.date();

export const accountDto = z.object({
  id: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  kind: accountKindSchema,
  orgId: z.string(),
  currency: z.string(),
  balanceFen: z.number().int(),
  floorFen: z.number().int().nullable(),
});
export type AccountDto = z.infer<typeof accountDto>;

export const accountsQuery = z.strictObject({
  kind: accountKindSchema.optional(),
  orgId: z.uuid().optional(),
  ...cursorLimit,
});
export type AccountsQuery = z.infer<typeof accountsQuery>;

export const lineDto = z.object({
  lineNo: z.number().int(),
  accountId: z.string(),
  accountCode: z.string(),
  side: sideSchema,
  amountFen: z.number().int(),
});
export const entryDto = z.object({
  id: z.string(),
  entryNo: z.string(),
  businessDate: z.string(),
  memo: z.string(),
  sourceType: z.string(),
  sourceId: z.string().nullable(),
  postedBy: z.string(),
  postedByName: z.string(),
  postedAt: z.string(),
  reversalOf: z.string().nullable(),
  reversedBy: z.string().nullable(),
  lines: z.array(lineDto),
});
export type EntryDto = z.infer<typeof entryDto>;

export const statementQuery = z.strictObject({
  from: isoDate,
  to: isoDate,
  ...cursorLimit,
});
export type StatementQuery = z.infer<typeof statementQuery>;
export const statementLineDto = z.object({
  entryId: z.string(),
  entryNo: z.string(),
  businessDate: z.string(),
  memo: z.string(),
  side: sideSchema,
  amountFen: z.number().int(),
  /** The line's effect on the balance in the account's normal sign. */
  deltaFen: z.number().int(),
  runningBalanceFen: z.number().int(),
});
export const statementDto = z.object({
  account: accountDto,
  from: z.string(),
  to: z.string(),
  openingBalanceFen: z.number().int(),
  closingBalanceFen: z.number().int(),
  items: z.array(statementLineDto),
  nextCursor: z.string().nullable(),
});
export type StatementDto = z.infer<typeof statementDto>;

export const verifyLedgerDto = z.object({
  ok: z.boolean(),
  entriesChecked: z.number().int(),
  accountsChecked: z.number().int(),
  problem: z
    .object({ kind: z.enum(['unbalanced_entry', 'balance_mismatch']), entryNo: z.string().optional(), accountCode: z.string().optional(), expectedFen: z.number().int().optional(), storedFen: z.number().int().optional() })
    .nullable(),
  message: z.string(),
});
export type VerifyLedgerDto = z.infer<typeof verifyLedgerDto>;
