import ExcelJS from 'exceljs';
import type { MutualAidStatsResponse, StatsFigures } from '../../../contracts/mutual-aid-stats';
import { STATS_CLAIM_STATUSES, STATS_CLAIM_STATUS_LABELS } from '../../../contracts/mutual-aid-stats';
import { addTableSheet, boldLastRow, moneyCells, moneyColumns, type SheetColumn } from '../../platform/xlsx';

/**
 * 互助统计 as an .xlsx workbook: the rows (by region or scheme) with their totals row, the figures of every year, and
 * the claims by status. Chinese headers; amounts both as yuan text (two decimals) and as integer fen.
 */

const FIGURE_COLS: SheetColumn[] = [
  { header: '参加单位', key: 'units', width: 10 },
  { header: '参加会员', key: 'members', width: 10 },
  { header: '已保障会员', key: 'membersCovered', width: 11 },
  { header: '保障率（%）', key: 'coveredPercent', width: 11 },
  ...moneyColumns('raisedFen', '筹集资金'),
  { header: '筹集占比（%）', key: 'raisedPercent', width: 12 },
  ...moneyColumns('billedFen', '应缴'),
  ...moneyColumns('arrearsFen', '欠缴'),
  { header: '缴费率（%）', key: 'collectedPercent', width: 11 },
  ...STATS_CLAIM_STATUSES.map((s) => ({ header: `${STATS_CLAIM_STATUS_LABELS[s].zh}申请`, key: `claim_${s}`, width: 10 })),
  { header: '申请合计', key: 'claimsTotal', width: 10 },
  { header: '给付笔数', key: 'paidCount', width: 10 },
  ...moneyColumns('paidFen', '给付金额'),
  { header: '赔付率（%）', key: 'payoutPercent', width: 11 },
];

function cells(f: StatsFigures): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {
    units: f.units,
    members: f.members,
    membersCovered: f.membersCovered,
    coveredPercent: f.coveredPercent,
    raisedPercent: f.raisedPercent,
    collectedPercent: f.collectedPercent,
    claimsTotal: f.claimsTotal,
    paidCount: f.paidCount,
    payoutPercent: f.payoutPercent,
  };
  Object.assign(out, moneyCells({ raisedFen: f.raisedFen, billedFen: f.billedFen, arrearsFen: f.arrearsFen, paidFen: f.paidFen }));
  for (const s of STATS_CLAIM_STATUSES) out[`claim_${s}`] = f.claims[s];
  return out;
}

export async function statsWorkbook(r: MutualAidStatsResponse): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const scope = [r.filter.orgName, r.filter.schemeCode ? `方案 ${r.filter.schemeCode}` : null, r.filter.year ? `${r.filter.year} 年度` : '全部年度'].filter(Boolean).join(' · ');

  const main = addTableSheet(wb, r.filter.groupBy === 'scheme' ? '按方案' : '按地区', [{ header: r.filter.groupBy === 'scheme' ? '互助方案' : '地区（工会）', key: 'label', width: 30 }, ...FIGURE_COLS]);
  for (const x of r.rows) main.addRow({ label: x.zh, ...cells(x) });
  main.addRow({ label: `合计（${scope}）`, ...cells(r.totals) });
  boldLastRow(main);

  const years = addTableSheet(wb, '按年度', [{ header: '年度', key: 'year', width: 8 }, ...FIGURE_COLS]);
  for (const y of r.byYear) years.addRow({ year: y.year, ...cells(y) });

  const status = addTableSheet(wb, '申请状态', [
    { header: '状态', key: 'label', width: 14 },
    { header: '件数', key: 'count', width: 10 },
    { header: '占比（%）', key: 'percent', width: 10 },
  ]);
  for (const c of r.claimsByStatus) status.addRow({ label: c.zh, count: c.count, percent: c.percent });
  status.addRow({ label: '合计', count: r.totals.claimsTotal, percent: r.totals.claimsTotal > 0 ? 100 : 0 });
  boldLastRow(status);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
