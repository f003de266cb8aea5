import type { DiffRow } from '../../../contracts/verification';

export interface Reported {
  size: number;
  annualIncomeFen: number;
  housing: string;
  category: string | null;
  level: string | null;
  seriousIllness: boolean;
  employment: string | null;
  fourLooksTotal: number | null;
}

export interface Found {
  size: number;
  annualIncomeFen: number;
  housing: string;
  category: string;
  level: string | null;
  illness: boolean;
  workSituation: string;
  fourLooksTotal: number;
}

/** Income differences within this share of the reported income (basis points) are not flagged. */
export const INCOME_TOLERANCE_BP = 1000;

/** Field by field: what the file reports against what the visit found, with the rows that differ flagged. */
export function diffReportAndVisit(r: Reported, f: Found): DiffRow[] {
  const incomeDiffers = Math.abs(r.annualIncomeFen - f.annualIncomeFen) * 10_000 > INCOME_TOLERANCE_BP * Math.max(r.annualIncomeFen, 1);
  const rows: DiffRow[] = [
    { field: 'size', zh: '家庭人口', en: 'Household size', reported: r.size, found: f.size, differs: r.size !== f.size },
    { field: 'annualIncomeFen', zh: '家庭年收入（分）', en: 'Annual income (fen)', reported: r.annualIncomeFen, found: f.annualIncomeFen, differs: incomeDiffers },
    { field: 'housing', zh: '住房', en: 'Housing', reported: r.housing, found: f.housing, differs: r.housing !== f.housing },
    { field: 'category', zh: '困难类别', en: 'Category', reported: r.category, found: f.category, differs: r.category !== f.category },
    { field: 'level', zh: '困难程度', en: 'Level', reported: r.level, found: f.level, differs: (r.level ?? null) !== (f.level ?? null) },
    { field: 'illness', zh: '重病', en: 'Serious illness', reported: r.seriousIllness, found: f.illness, differs: r.seriousIllness !== f.illness },
    { field: 'work', zh: '就业状况（户主）', en: 'Work (worker)', reported: r.employment, found: f.workSituation, differs: r.employment !== null && r.employment !== f.workSituation },
    { field: 'fourLooks', zh: '四看法总分', en: 'Four-looks total', reported: r.fourLooksTotal, found: f.fourLooksTotal, differs: r.fourLooksTotal !== null && r.fourLooksTotal !== f.fourLooksTotal },
  ];
  return rows;
}
