import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { CATEGORY_LABELS, CAUSE_LABELS, FOUR_LOOKS, FOUR_LOOK_KEYS, LEVEL_LABELS, MEASURE_TYPE_LABELS } from '../../../contracts/registry';
import { type CampaignReport, type Question, type QuestionReport, type ReportRow, CAMPAIGN_STATUS_LABELS } from '../../../contracts/survey';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { formatYuan } from '../../platform/money';
import { divisionName } from '../orgs/division';
import { measureTypesOf } from '../registry/plan.service';
import { assignmentVisibility } from './assignment.service';
import { surveyAssignments } from './assignment.table';
import { loadVisible } from './campaign.service';
import { distribution, formatPct, numericSummary, sharesBp, type Labelled } from './report.rules';
import { surveyResponses } from './response.table';

const labelsOf = (rec: Record<string, { zh: string; en: string }>): Labelled[] => Object.entries(rec).map(([key, l]) => ({ key, zh: l.zh, en: l.en }));

/** The report of one question over the surveyed households' answers. */
export function questionReport(q: Question, answers: Array<Record<string, unknown>>, surveyed: number): QuestionReport {
  const given = answers.map((a) => a[q.key]).filter((v) => v !== undefined && v !== null);
  const base = { key: q.key, type: q.type, zh: q.zh, en: q.en, answered: given.length, rows: [] as ReportRow[], numeric: null as QuestionReport['numeric'] };
  const opts = (q.options ?? []).map((o) => ({ key: o.value, zh: o.zh, en: o.en }));
  switch (q.type) {
    case 'single_choice':
      return { ...base, rows: distribution(given as string[], opts, { keepEmpty: true }) };
    case 'multiple_choice': {
      // each option's share of the households that answered (they may pick several)
      const flat = (given as string[][]).flat();
      const rows = opts.map((o) => ({ ...o, count: flat.filter((v) => v === o.key).length }));
      const bps = sharesBp(
        rows.map((r) => r.count),
        given.length,
      );
      return { ...base, rows: rows.map((r, i) => ({ ...r, pctBp: bps[i] })) };
    }
    case 'number':
    case 'money':
      return { ...base, numeric: numericSummary(given as number[]) };
    case 'four_looks': {
      const rows: ReportRow[] = [];
      for (const k of FOUR_LOOK_KEYS) {
        const labels = Object.entries(FOUR_LOOKS[k].options).map(([v, o]) => ({ key: `${k}.${v}`, zh: `${FOUR_LOOKS[k].zh}：${o.zh}`, en: `${FOUR_LOOKS[k].en}: ${o.en}` }));
        rows.push(...distribution((given as Array<Record<string, string>>).map((g) => `${k}.${g[k]}`), labels, { keepEmpty: true }));
      }
      return { ...base, rows, numeric: numericSummary((given as Array<{ totalScore: number }>).map((g) => g.totalScore)) };
    }
    default:
      void surveyed;
      return base;
  }
}

/**
 * The campaign report over the assignments the actor may see: households assigned and surveyed, and of the
 * surveyed households the distribution by county, category, level, primary cause and current assistance, then
 * every question. Shares are in hundredths of a percent and each distribution adds up to 100.00%.
 */
export async function campaignReport(db: Db, actor: Actor, campaignId: string): Promise<CampaignReport> {
  const c = await loadVisible(db, actor, campaignId);
  const vis = await assignmentVisibility(db, actor, campaignId);
  const rows = await db
    .select({ householdId: surveyAssignments.householdId, regionCode: surveyAssignments.regionCode, category: surveyAssignments.category, level: surveyAssignments.level, cause: surveyAssignments.primaryCause, answers: surveyResponses.answers })
    .from(surveyAssignments)
    .leftJoin(surveyResponses, eq(surveyResponses.assignmentId, surveyAssignments.id))
    .where(and(eq(surveyAssignments.campaignId, campaignId), vis));
  const done = rows.filter((r) => r.answers !== null);
  const questions = c.questions as Question[];
  const answers = done.map((r) => r.answers as Record<string, unknown>);
  const regions = [...new Set(done.map((r) => r.regionCode))].sort().map((code) => ({ key: code, zh: divisionName(code) ?? code, en: code }));
  const assistanceQ = questions.find((q) => q.role === 'assistance') ?? null;
  const assistance = assistanceQ ? questionReport(assistanceQ, answers, done.length).rows : await measuresAssistance(db, actor, done.map((r) => r.householdId));
  return {
    campaign: { id: c.id, name: c.name, status: c.status, periodStart: c.periodStart, periodEnd: c.periodEnd },
    assigned: rows.length,
    surveyed: done.length,
    coverageBp: rows.length ? Math.floor((done.length * 10000) / rows.length + 0.5) : 0,
    byRegion: distribution(
      done.map((r) => r.regionCode),
      regions,
    ),
    byCategory: distribution(
      done.map((r) => r.category),
      labelsOf(CATEGORY_LABELS),
    ),
    byLevel: distribution(
      done.map((r) => r.level),
      labelsOf(LEVEL_LABELS),
    ),
    byCause: distribution(
      done.map((r) => r.cause),
      labelsOf(CAUSE_LABELS),
    ),
    assistance,
    assistanceQuestion: assistanceQ?.key ?? null,
    assistanceSource: assistanceQ ? 'question' : 'measures',
    questions: questions.map((q) => questionReport(q, answers, done.length)),
  };
}

/** Without an assistance question: the surveyed households' registry measures (a household may have several), and those with none. */
async function measuresAssistance(db: Db, actor: Actor, householdIds: string[]): Promise<ReportRow[]> {
  if (householdIds.length === 0) return [];
  const types = await measureTypesOf(db, actor, householdIds);
  const rows = Object.entries(MEASURE_TYPE_LABELS).map(([key, l]) => ({ key, zh: l.zh, en: l.en, count: householdIds.filter((h) => types.get(h)?.includes(key as never)).length }));
  rows.push({ key: 'none', zh: '暂无帮扶措施', en: 'No measure yet', count: householdIds.filter((h) => !types.get(h)?.length).length });
  const bps = sharesBp(
    rows.map((r) => r.count),
    householdIds.length,
  );
  return rows.map((r, i) => ({ ...r, pctBp: bps[i] })).filter((r) => r.count > 0);
}

function addTable(ws: ExcelJS.Worksheet, title: string, rows: ReportRow[], startRow: number): number {
  ws.getCell(startRow, 1).value = title;
  ws.getCell(startRow, 1).font = { bold: true };
  ws.getRow(startRow + 1).values = ['项目 Item', '户数 Households', '占比 Share'];
  ws.getRow(startRow + 1).font = { bold: true };
  rows.forEach((r, i) => {
    ws.getRow(startRow + 2 + i).values = [r.zh, r.count, formatPct(r.pctBp)];
  });
  return startRow + 3 + rows.length;
}

/** The report as .xlsx (an audited read): a summary sheet in the practice's wording, then one sheet per question. */
export async function exportCampaignReport(deps: Deps, actor: Actor, campaignId: string): Promise<{ buffer: Buffer; filename: string }> {
  const rep = await campaignReport(deps.db, actor, campaignId);
  const c = await loadVisible(deps.db, actor, campaignId);
  await withTx(deps.db, (tx) => recordAudit(tx, actor, deps.clock, { action: 'survey.report.export', entityType: 'survey_campaign', entityId: campaignId, orgPath: c.orgPath, after: { assigned: rep.assigned, surveyed: rep.surveyed } }));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('调研报告');
  ws.columns = [{ width: 36 }, { width: 16 }, { width: 12 }];
  ws.getCell(1, 1).value = `${rep.campaign.name} 调研报告`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(2, 1).value = `调研期间 ${rep.campaign.periodStart} 至 ${rep.campaign.periodEnd}（${CAMPAIGN_STATUS_LABELS[rep.campaign.status].zh}）`;
  const cat = (k: string) => rep.byCategory.find((r) => r.key === k);
  const parts = ['dibao', 'near_dibao', 'accident'].map((k) => cat(k)).filter((r): r is ReportRow => !!r).map((r) => `${r.zh}${r.count}户，占${formatPct(r.pctBp)}`);
  ws.getCell(3, 1).value = `分配调研 ${rep.assigned} 户，已调研 ${rep.surveyed} 户（完成 ${formatPct(rep.coverageBp)}）${parts.length ? '；其中' + parts.join('；') : ''}。`;
  let row = 5;
  row = addTable(ws, '地区分布 By county', rep.byRegion, row);
  row = addTable(ws, '困难类别 By category', rep.byCategory, row);
  row = addTable(ws, '困难程度 By level', rep.byLevel, row);
  row = addTable(ws, '主要致困原因 By primary cause', rep.byCause, row);
  if (rep.assistance.length) addTable(ws, rep.assistanceSource === 'question' ? '现有帮扶情况 Current assistance' : '现有帮扶措施（档案） Current measures (registry)', rep.assistance, row);
  const qs = wb.addWorksheet('各题统计');
  qs.columns = [{ width: 40 }, { width: 16 }, { width: 12 }];
  let r = 1;
  for (const q of rep.questions) {
    qs.getCell(r, 1).value = `${q.zh}（作答 ${q.answered} 户）`;
    qs.getCell(r, 1).font = { bold: true };
    r++;
    if (q.rows.length) {
      r = addTable(qs, '', q.rows, r - 1);
    }
    if (q.numeric) {
      const f = (v: number) => (q.type === 'money' ? formatYuan(v) + ' 元' : String(v));
      qs.getRow(r).values = ['合计 / 平均 / 最小 / 最大', `${f(q.numeric.sum)} / ${f(q.numeric.mean)}`, `${f(q.numeric.min)} / ${f(q.numeric.max)}`];
      r += 2;
    }
    if (!q.rows.length && !q.numeric) r++;
  }
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, filename: `survey-report-${campaignId.slice(0, 8)}.xlsx` };
}
