import type { NamePath } from 'antd/es/form/interface';
import {
  INCOME_SOURCES,
  type Cause,
  type Employment,
  type Health,
  type HouseholdDto,
  type HouseholdInput,
  type HouseholdUpdateInput,
  type Relation,
  type SchoolingStage,
} from '../../../contracts/registry';
import { fenToYuanText, yuanTextToFen } from './numbers';

export type IncomeSource = (typeof INCOME_SOURCES)[number];
export type Housing = HouseholdInput['housing'];
export type Flag = HouseholdInput['flags'][number];

/** One member as the form holds it: amounts as yuan text; masked values of a saved member beside the inputs. */
export interface MemberValues {
  id?: string;
  name?: string;
  relation?: Relation;
  idNumber?: string;
  /** the saved, masked ID number (edit): the full one must be typed again and must fit this mask */
  idMasked?: string;
  phone?: string;
  phoneMasked?: string | null;
  health?: Health;
  disabilityGrade?: number | null;
  schoolingStage?: SchoolingStage;
  employment?: Employment;
  income?: Partial<Record<IncomeSource, string>>;
}

export interface FormValues {
  /** an investigator's recommendation: why this household (only when recommending) */
  note?: string;
  orgId?: string;
  regionCode?: string;
  address?: string;
  archiveNo?: string;
  employer?: string;
  unionMember?: boolean;
  housing?: Housing;
  housingArea?: string;
  receivesDibao?: boolean;
  dibaoCertificateNo?: string;
  otherAnnualIncome?: string;
  medicalOutOfPocket?: string;
  schoolingSpending?: string;
  disasterLoss?: string;
  primaryCause?: Cause;
  secondaryCauses?: Cause[];
  flags?: Flag[];
  bankName?: string;
  bankAccount?: string;
  members?: MemberValues[];
}

export const newMember = (relation: Relation = 'spouse'): MemberValues => ({
  relation,
  health: 'healthy',
  schoolingStage: 'none',
  employment: relation === 'self' ? 'employed' : 'not_working',
  income: {},
});

/** Σ of a member's monthly income in fen (invalid amounts count as nothing: the field shows the error). */
export function memberMonthlyFen(m: MemberValues | undefined): number {
  let s = 0;
  for (const src of INCOME_SOURCES) s += yuanTextToFen(m?.income?.[src]) ?? 0;
  return s;
}

export interface Derived {
  size: number;
  monthlyFen: number;
  annualIncomeFen: number;
  rigidSpendingFen: number;
  /** false when an amount cannot be read yet */
  complete: boolean;
}

/** Annual income = 12 × Σ members' monthly income + other annual income; rigid = medical + schooling + disaster. */
export function deriveFigures(v: FormValues | undefined): Derived {
  const members = v?.members ?? [];
  let complete = true;
  let monthly = 0;
  for (const m of members) {
    for (const src of INCOME_SOURCES) {
      const f = yuanTextToFen(m?.income?.[src]);
      if (f === null) complete = false;
      else monthly += f;
    }
  }
  const amount = (s: string | undefined) => {
    const f = yuanTextToFen(s);
    if (f === null) complete = false;
    return f ?? 0;
  };
  const other = amount(v?.otherAnnualIncome);
  const rigid = amount(v?.medicalOutOfPocket) + amount(v?.schoolingSpending) + amount(v?.disasterLoss);
  return { size: members.length, monthlyFen: monthly, annualIncomeFen: 12 * monthly + other, rigidSpendingFen: rigid, complete };
}

const opt = (s: string | undefined) => {
  const v = s?.trim();
  return v ? v : undefined;
};

/** The request body the values make (call after validation). */
/** The request body. When editing, an existing member may come without `idNumber` (the server keeps the stored one). */
export function toInput(v: FormValues, editing: boolean): Omit<HouseholdUpdateInput, 'version'> {
  const fen = (s: string | undefined) => yuanTextToFen(s) ?? 0;
  return {
    orgId: v.orgId!,
    regionCode: v.regionCode!,
    address: v.address!.trim(),
    ...(!editing && opt(v.archiveNo) ? { archiveNo: opt(v.archiveNo) } : {}),
    employer: opt(v.employer),
    unionMember: !!v.unionMember,
    housing: v.housing!,
    housingArea: opt(v.housingArea),
    receivesDibao: !!v.receivesDibao,
    dibaoCertificateNo: v.receivesDibao ? opt(v.dibaoCertificateNo) : undefined,
    otherAnnualIncomeFen: fen(v.otherAnnualIncome),
    medicalOutOfPocketFen: fen(v.medicalOutOfPocket),
    schoolingSpendingFen: fen(v.schoolingSpending),
    disasterLossFen: fen(v.disasterLoss),
    primaryCause: v.primaryCause!,
    secondaryCauses: (v.secondaryCauses ?? []).filter((c) => c !== v.primaryCause),
    flags: v.flags ?? [],
    bankName: opt(v.bankName),
    // editing: a number left empty keeps the one on file (the form only ever sees it masked)
    bankAccount: opt(v.bankAccount)?.replace(/\s/g, ''),
    members: (v.members ?? []).map((m) => {
      const income: Partial<Record<IncomeSource, number>> = {};
      for (const src of INCOME_SOURCES) {
        const f = fen(m.income?.[src]);
        if (f > 0) income[src] = f;
      }
      return {
        ...(m.id ? { id: m.id } : {}),
        name: m.name!.trim(),
        relation: m.relation!,
        // an existing member whose ID number is left empty keeps the stored one (sent without idNumber)
        ...((m.idNumber ?? '').trim() || !(editing && m.id && m.idMasked) ? { idNumber: (m.idNumber ?? '').trim().toUpperCase() } : {}),
        phone: opt(m.phone),
        health: m.health ?? 'healthy',
        disabilityGrade: m.health === 'disability' ? (m.disabilityGrade ?? null) : null,
        schoolingStage: m.schoolingStage ?? 'none',
        employment: m.employment ?? 'not_working',
        monthlyIncomeFen: income,
      };
    }),
  };
}

/** The form values of a saved file. Personal numbers arrive masked, so their inputs start empty. */
export function fromDto(h: HouseholdDto): FormValues {
  return {
    orgId: h.orgId,
    regionCode: h.regionCode,
    address: h.address,
    archiveNo: h.archiveNo ?? undefined,
    employer: h.employer ?? '',
    unionMember: h.unionMember,
    housing: h.housing,
    housingArea: h.housingArea ?? '',
    receivesDibao: h.receivesDibao,
    dibaoCertificateNo: h.dibaoCertificateNo ?? '',
    otherAnnualIncome: fenToYuanText(h.otherAnnualIncomeFen),
    medicalOutOfPocket: fenToYuanText(h.medicalOutOfPocketFen),
    schoolingSpending: fenToYuanText(h.schoolingSpendingFen),
    disasterLoss: fenToYuanText(h.disasterLossFen),
    primaryCause: h.primaryCause,
    secondaryCauses: h.secondaryCauses,
    flags: h.flags,
    bankName: h.bankName ?? '',
    bankAccount: '',
    members: h.members.map((m) => ({
      id: m.id,
      name: m.name,
      relation: m.relation,
      idNumber: '',
      idMasked: m.idNumber,
      phone: '',
      phoneMasked: m.phone,
      health: m.health,
      disabilityGrade: m.disabilityGrade,
      schoolingStage: m.schoolingStage,
      employment: m.employment,
      income: Object.fromEntries(Object.entries(m.monthlyIncomeFen).map(([k, v]) => [k, fenToYuanText(v)])),
    })),
  };
}

/** Does a typed ID number fit the saved mask ("5203**********1234": same first and last characters)? */
export function fitsMask(id: string, mask: string | undefined): boolean {
  if (!mask || !mask.includes('*')) return true;
  const s = id.trim().toUpperCase();
  if (s.length !== mask.length) return false;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== '*' && mask[i].toUpperCase() !== s[i]) return false;
  return true;
}

const FIELD_RENAMES: Record<string, string> = {
  otherAnnualIncomeFen: 'otherAnnualIncome',
  medicalOutOfPocketFen: 'medicalOutOfPocket',
  schoolingSpendingFen: 'schoolingSpending',
  disasterLossFen: 'disasterLoss',
  monthlyIncomeFen: 'income',
};

const MEMBER_CODE_FIELD: Record<string, string> = {
  invalid_id: 'idNumber',
  duplicate_id: 'idNumber',
  disability_grade_missing: 'disabilityGrade',
  disability_grade_unexpected: 'disabilityGrade',
};

/** The form's own top-level fields (a server path outside them, e.g. `version`, is shown as a message). */
export const FORM_FIELDS: ReadonlySet<string> = new Set([
  'orgId', 'regionCode', 'address', 'archiveNo', 'employer', 'unionMember', 'housing', 'housingArea', 'receivesDibao', 'dibaoCertificateNo',
  'otherAnnualIncome', 'medicalOutOfPocket', 'schoolingSpending', 'disasterLoss', 'primaryCause', 'secondaryCauses', 'flags', 'bankName', 'bankAccount',
]);

/** A field the server names ("members.0.monthlyIncomeFen.wage", or "members.2" with a code) → the form's name path. */
export function serverPathToName(path: string, code?: string): NamePath | null {
  if (!path || path === '(root)') return null;
  const parts: Array<string | number> = path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : (FIELD_RENAMES[p] ?? p)));
  if (parts[0] === 'members' && parts.length === 2 && typeof parts[1] === 'number') {
    const f = code ? MEMBER_CODE_FIELD[code] : undefined;
    return f ? ['members', parts[1], f] : null;
  }
  if (parts[0] === 'members' && parts.length === 1) return null;
  if (parts.length === 1) return FORM_FIELDS.has(parts[0] as string) ? (parts[0] as string) : null;
  return parts[0] === 'members' ? parts : null;
}
