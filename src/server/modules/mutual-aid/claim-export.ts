import ExcelJS from 'exceljs';
import { desc } from 'drizzle-orm';
import { CLAIM_STATUS_LABELS, type ClaimsExportQuery } from '../../../contracts/mutual-aid-claims';
import { REASON_LABELS } from '../../../contracts/mutual-aid';
import { recordAudit } from '../../platform/audit/audit.service';
import { shanghaiDate } from '../../platform/dates';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError } from '../../platform/http/errors';
import { addTableSheet, boldLastRow, moneyCells, moneyColumns } from '../../platform/xlsx';
import { claimDtos, claimsWhere } from './claim.service';
import { mutualAidClaims as claims } from './claim.table';

/** At most this many claims in one workbook (narrow the filters for more). */
export const CLAIMS_EXPORT_MAX = 50_000;

const MONEY = ['totalCostFen', 'insurancePaidFen', 'outOfPocketFen', 'enginePayoutFen', 'payoutFen', 'finalBurdenFen'] as const;
const MONEY_ZH: Record<(typeof MONEY)[number], string> = {
  totalCostFen: '总费用',
  insurancePaidFen: '统筹支付',
  outOfPocketFen: '个人自付',
  enginePayoutFen: '核算给付',
  payoutFen: '给付金额',
  finalBurdenFen: '最终个人负担',
};

/**
 * 申请导出: the filtered claims (in scope) as an .xlsx sheet — every amount in yuan (two decimals, from the integer
 * fen) and in fen — with a totals row. ID numbers stay masked. The export is an audit event.
 */
export async function exportClaims(deps: Deps, actor: Actor, q: ClaimsExportQuery): Promise<{ buffer: Buffer; filename: string }> {
  const rows = await deps.db
    .select()
    .from(claims)
    .where(claimsWhere(actor, q))
    .orderBy(desc(claims.id))
    .limit(CLAIMS_EXPORT_MAX + 1);
  if (rows.length > CLAIMS_EXPORT_MAX) {
    throw new AppError(422, 'VALIDATION_FAILED', { fields: `筛选条件（超过 ${CLAIMS_EXPORT_MAX} 条，请缩小范围）`, fieldsEn: `filters (more than ${CLAIMS_EXPORT_MAX} claims; narrow them)` });
  }
  const wb = new ExcelJS.Workbook();
  const ws = addTableSheet(wb, '互助申请', [
    { header: '申请编号 Claim no.', key: 'claimNo', width: 16 },
    { header: '状态 Status', key: 'status', width: 10 },
    { header: '方案 Scheme', key: 'schemeCode', width: 8 },
    { header: '计划 Plan', key: 'plan', width: 22 },
    { header: '版本 Version', key: 'schemeVersion', width: 8 },
    { header: '会员 Member', key: 'memberName', width: 10 },
    { header: '身份证号 ID', key: 'memberIdNumber', width: 20 },
    { header: '单位 Unit', key: 'unitName', width: 24 },
    { header: '事故日 Event date', key: 'eventDate', width: 12 },
    { header: '医院 Hospital', key: 'hospital', width: 20 },
    { header: '入院 Admission', key: 'admissionDate', width: 12 },
    { header: '出院 Discharge', key: 'dischargeDate', width: 12 },
    { header: '天数 Days', key: 'hospitalDays', width: 8 },
    { header: 'ICD-10', key: 'diagnosisIcd10', width: 10 },
    { header: '票据号 Bill no.', key: 'billNumber', width: 16 },
    { header: '身份 Member status', key: 'memberStatus', width: 10 },
    ...MONEY.flatMap((k) => moneyColumns(k, MONEY_ZH[k], { yuan: 14, fen: 12 })),
    { header: '原因 Reason', key: 'reason', width: 16 },
    { header: '调整原因 Override reason', key: 'overrideReason', width: 24 },
  ]);
  const totals: Record<string, number> = Object.fromEntries(MONEY.map((k) => [k, 0]));
  const dtos = [];
  for (let i = 0; i < rows.length; i += 1000) dtos.push(...(await claimDtos(deps.db, deps, rows.slice(i, i + 1000))));
  for (const c of dtos) {
    for (const k of MONEY) totals[k]! += c[k] ?? 0;
    ws.addRow({
      ...c,
      status: CLAIM_STATUS_LABELS[c.status].zh,
      plan: c.planName ? `${c.planName.zh}（${c.planCode}）` : c.planCode,
      memberStatus: c.memberStatus === 'hardship' ? '困难职工' : c.memberStatus === 'ordinary' ? '普通职工' : null,
      reason: c.reason ? REASON_LABELS[c.reason].zh : null,
      ...moneyCells(Object.fromEntries(MONEY.map((k) => [k, c[k]]))),
    });
  }
  ws.addRow({ claimNo: `合计 Total（${dtos.length}）`, ...moneyCells(totals) });
  boldLastRow(ws);
  await withTx(deps.db, (tx) => recordAudit(tx, actor, deps.clock, { action: 'mutual_aid.claim.export', entityType: 'mutual_aid_claim', orgPath: actor.orgPath, after: { filters: q, rows: dtos.length } }));
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, filename: `mutual-aid-claims-${shanghaiDate(deps.clock.now())}.xlsx` };
}
