import { PassThrough } from 'node:stream';
import { and, asc, gt, type SQL, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { CATEGORY_LABELS, CAUSE_LABELS, type HouseholdListQuery, LEVEL_LABELS, STATUS_LABELS } from '../../../contracts/registry';
import { recordAudit } from '../../platform/audit/audit.service';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { formatYuan } from '../../platform/money';
import { maskIdNumber } from '../../platform/pii/mask';
import { addTableSheet } from '../../platform/xlsx';
import { divisionName } from '../orgs/division';
import { householdFilters } from './household-search.service';
import { households } from './household.table';

const MAX_ROWS = 500_000;

/**
 * The filtered list as .xlsx, streamed in pages (memory stays flat), personal data masked. The export is an
 * audit event (who, which filters, how many rows) written before the file is produced.
 */
export async function exportHouseholds(deps: Deps, actor: Actor, f: Omit<HouseholdListQuery, 'sort' | 'order' | 'cursor' | 'limit'>): Promise<{ stream: PassThrough; filename: string }> {
  const conds: SQL[] = await householdFilters(deps.db, deps, actor, f);
  const [{ n }] = (await deps.db.select({ n: sql<number>`count(*)::int` }).from(households).where(and(...conds))) as Array<{ n: number }>;
  await withTx(deps.db, (tx) =>
    recordAudit(tx, actor, deps.clock, { action: 'registry.household.export', entityType: 'household_list', orgPath: actor.orgPath, after: { filters: f, rows: Math.min(n, MAX_ROWS) } }),
  );
  const stream = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  const ws = addTableSheet(wb, '困难职工家庭', [
    { header: '档案编号', key: 'archiveNo', width: 22 },
    { header: '状态', key: 'status', width: 10 },
    { header: '户主姓名', key: 'workerName', width: 12 },
    { header: '户主身份证号', key: 'workerId', width: 22 },
    { header: '所属工会', key: 'orgName', width: 24 },
    { header: '县(区)', key: 'region', width: 14 },
    { header: '地址', key: 'address', width: 30 },
    { header: '人口', key: 'size', width: 6 },
    { header: '类别', key: 'category', width: 12 },
    { header: '困难程度', key: 'level', width: 10 },
    { header: '主要致困原因', key: 'cause', width: 12 },
    { header: '家庭年收入(元)', key: 'income', width: 14 },
    { header: '刚性支出(元)', key: 'rigid', width: 14 },
    { header: '在校生', key: 'students', width: 8 },
    { header: '工作单位', key: 'employer', width: 20 },
  ]);
  void (async () => {
    try {
      let lastId: string | null = null;
      let written = 0;
      while (written < MAX_ROWS) {
        const rows = await deps.db
          .select({
            h: households,
            orgName: sql<string>`(select o.name from orgs o where o.id = ${households.orgId})`,
            workerIdEnc: sql<string>`(select m.id_number_enc from household_members m where m.household_id = ${households.id} and m.relation = 'self' limit 1)`,
          })
          .from(households)
          .where(and(...conds, lastId ? gt(households.id, lastId) : undefined))
          .orderBy(asc(households.id))
          .limit(2000);
        if (rows.length === 0) break;
        for (const { h, orgName, workerIdEnc } of rows) {
          ws.addRow({
            archiveNo: h.archiveNo ?? '',
            status: STATUS_LABELS[h.status].zh,
            workerName: h.workerName,
            workerId: workerIdEnc ? maskIdNumber(deps.cipher.decrypt(workerIdEnc)) : '',
            orgName,
            region: divisionName(h.regionCode) ?? h.regionCode,
            address: h.address,
            size: h.size,
            category: h.category ? CATEGORY_LABELS[h.category].zh : '',
            level: h.level ? LEVEL_LABELS[h.level].zh : '',
            cause: CAUSE_LABELS[h.primaryCause as keyof typeof CAUSE_LABELS]?.zh ?? h.primaryCause,
            income: formatYuan(h.annualIncomeFen),
            rigid: formatYuan(h.medicalOutOfPocketFen + h.schoolingSpendingFen + h.disasterLossFen),
            students: h.students,
            employer: h.employer ?? '',
          }).commit();
          written++;
        }
        lastId = rows[rows.length - 1].h.id;
      }
      ws.commit();
      await wb.commit();
    } catch (e) {
      stream.destroy(e as Error);
    }
  })();
  return { stream, filename: `households-${new Date().toISOString().slice(0, 10)}.xlsx` };
}
