/**
 * Pure generation of realistic demo households, county by county, from a plan (household-plan.ts). Each
 * household's data is drawn so that the identification rule — applied to its own income, rigid spending, size
 * and the county's dibao line — yields the planned category; the category and level are then taken from the
 * rule's answer, never set by hand. No database here: the seeding (households.ts) encrypts and writes.
 */
import { pinyin } from 'pinyin-pro';
import {
  type Cause,
  type Employment,
  type Health,
  type HouseholdStatus,
  type Relation,
  type SchoolingStage,
  STUDENT_STAGES,
  type Category,
  type Level,
} from '../../contracts/registry';
import { type IdentificationRecord, identificationRecord, judge } from '../modules/registry/identification.rules';
import { makeIdNumber } from '../platform/pii/idcard';
import {
  BANKS,
  ENTERPRISE_BRANDS,
  ENTERPRISE_SUFFIXES,
  ENTERPRISE_TRADES,
  GIVEN_NAMES,
  MOBILE_PREFIXES,
  STREETS,
  SURNAMES,
  generationOf,
  shortPlaceName,
} from './demo-names';
import type { CountyPlan, PlannedCategory } from './household-plan';
import { Rng } from './prng';

export interface LineParams {
  regionCode: string;
  dibaoLineFen: number;
  nearDibaoMultiplierBp: number;
  rigidSpendingShareBp: number;
}

export interface UnionSpec {
  name: string;
  subtype: 'township' | 'community' | 'enterprise';
  /** street served by a township or community union */
  street: string | null;
  /** the enterprise of an enterprise union */
  enterprise: string | null;
}

export interface GenMember {
  position: number;
  name: string;
  relation: Relation;
  idNumber: string;
  phone: string | null;
  sex: 'male' | 'female';
  birthDate: string;
  health: Health;
  disabilityGrade: number | null;
  schoolingStage: SchoolingStage;
  employment: Employment;
  monthlyIncomeFen: Partial<Record<IncomeSource, number>>;
}

type IncomeSource = 'wage' | 'pension' | 'unemployment_benefit' | 'business' | 'allowance' | 'other';

export interface GenHousehold {
  regionCode: string;
  /** index into the county's unions */
  unionIndex: number;
  status: HouseholdStatus;
  archiveNo: string | null;
  approvedOn: string | null;
  address: string;
  workerName: string;
  workerInitials: string;
  employer: string | null;
  unionMember: boolean;
  housing: 'owned' | 'rented' | 'public_rental' | 'none';
  housingArea: string | null;
  receivesDibao: boolean;
  dibaoCertificateNo: string | null;
  otherAnnualIncomeFen: number;
  medicalOutOfPocketFen: number;
  schoolingSpendingFen: number;
  disasterLossFen: number;
  primaryCause: Cause;
  secondaryCauses: Cause[];
  flags: string[];
  bankName: string | null;
  bankAccount: string | null;
  createdAt: Date;
  updatedAt: Date;
  members: GenMember[];
  // derived from the data above
  size: number;
  annualIncomeFen: number;
  students: number;
  seriousIllness: boolean;
  category: Category;
  level: Level | null;
  identification: IdentificationRecord;
}

export interface CountyContext {
  seed: string;
  county: CountyPlan;
  unions: readonly UnionSpec[];
  line: LineParams;
  /** identification year (the seed year) */
  year: number;
  /** the seed date, YYYY-MM-DD in Asia/Shanghai: ages, approval dates and timestamps are relative to it */
  today: string;
  /** last archive sequence already used in this county for a year (0 when none) */
  archiveStart: (year: number) => number;
}

// ───────────── dates ─────────────

const DAY = 86_400_000;
const dayOf = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY;
const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** A birth date on which a person is exactly `age` on `today`. */
function birthDateFor(r: Rng, today: string, age: number): string {
  const y = Number(today.slice(0, 4));
  const md = today.slice(4);
  const latest = dayOf(`${y - age}${md === '-02-29' ? '-02-28' : md}`);
  const earliest = dayOf(`${y - age - 1}${md === '-02-29' ? '-02-28' : md}`) + 1;
  return dateOf(r.int(earliest, latest));
}

/** A timestamp on a business day at office hours in Asia/Shanghai. */
function officeTime(r: Rng, day: number): Date {
  return new Date(day * DAY + (r.int(8 * 60 + 30, 17 * 60 + 30) - 8 * 60) * 60_000 + r.int(0, 59) * 1000);
}

// ───────────── unions ─────────────

/**
 * A handful of grassroots unions per county (more in bigger ones: 3 up to 8; 2 in a small demo of under 300
 * households in the county): township and community unions and enterprise unions.
 */
export function unionSpecs(county: CountyPlan, seed: string): UnionSpec[] {
  const r = new Rng(seed, 'unions', county.code);
  const n = county.total < 300 ? 2 : Math.min(8, 3 + Math.floor(county.total / 1500));
  const streets = r.shuffle([...STREETS]);
  const place = shortPlaceName(county.name);
  const out: UnionSpec[] = [];
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    const kind = (['township', 'community', 'enterprise'] as const)[i % 3];
    if (kind === 'enterprise') {
      let ent = '';
      do ent = enterpriseName(r, place);
      while (used.has(ent));
      used.add(ent);
      out.push({ name: `${ent}工会`, subtype: 'enterprise', street: null, enterprise: ent });
    } else {
      const street = streets[i];
      out.push({ name: `${county.name}${street}${kind === 'township' ? '街道' : '社区'}工会`, subtype: kind, street, enterprise: null });
    }
  }
  return out;
}

function enterpriseName(r: Rng, place: string): string {
  return `${place}${r.pick(ENTERPRISE_BRANDS)}${r.pick(ENTERPRISE_TRADES)}${r.weighted(ENTERPRISE_SUFFIXES)}`;
}

// ───────────── households ─────────────

const SIZE_WEIGHTS: ReadonlyArray<readonly [number, number]> = [
  [1, 10],
  [2, 18],
  [3, 32],
  [4, 24],
  [5, 11],
  [6, 5],
];

/** Primary causes other than illness (illness is planned exactly), per category. */
const CAUSE_WEIGHTS: Record<PlannedCategory, ReadonlyArray<readonly [Cause, number]>> = {
  dibao: [
    ['unemployment', 30],
    ['disability', 22],
    ['single_parent', 12],
    ['social_security_gap', 14],
    ['schooling', 8],
    ['other', 6],
    ['disaster', 4],
    ['accident', 4],
  ],
  near_dibao: [
    ['unemployment', 34],
    ['disability', 12],
    ['schooling', 16],
    ['social_security_gap', 15],
    ['single_parent', 9],
    ['other', 9],
    ['accident', 3],
    ['disaster', 2],
  ],
  // accident-caused hardship comes from large rigid spending: schooling, an accident, a disaster (or illness)
  accident: [
    ['schooling', 45],
    ['accident', 35],
    ['disaster', 20],
  ],
};

const INCOME_WEIGHT: Record<Employment, number> = { employed: 30, flexible: 20, intermittent: 12, laid_off: 8, unemployed: 8, retired: 22, not_working: 0 };

interface Person {
  relation: Relation;
  sex: 'male' | 'female';
  age: number;
  surname: string;
  health: Health;
  disabilityGrade: number | null;
  stage: SchoolingStage;
  employment: Employment;
  mustStudy?: boolean;
}

interface CountyState {
  usedIds: Set<number>;
  archive: Map<number, number>;
  dibaoCerts: number;
}

const yuan = (n: number) => Math.round(n) * 100;
const round100 = (fen: number) => Math.round(fen / 100) * 100;
const opposite = (s: 'male' | 'female') => (s === 'male' ? 'female' : 'male');

const initialsCache = new Map<string, string>();
/** Pinyin initials as the registry stores them (张三 → zs). */
export function initialsOf(name: string): string {
  let v = initialsCache.get(name);
  if (v === undefined) {
    v = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
    if (initialsCache.size > 50_000) initialsCache.clear();
    initialsCache.set(name, v);
  }
  return v;
}

function stageFor(r: Rng, age: number, mustStudy: boolean): SchoolingStage {
  if (age < 3) return 'none';
  if (age <= 5) return 'preschool';
  if (age <= 11) return 'primary';
  if (age <= 14) return 'junior_high';
  if (age <= 17) return mustStudy || r.chance(0.93) ? (r.chance(0.68) ? 'senior_high' : 'vocational_secondary') : 'none';
  if (age <= 21) return mustStudy || r.chance(0.6) ? (r.chance(0.55) ? 'university' : 'vocational_college') : 'none';
  if (age <= 24) return r.chance(0.06) ? 'postgraduate' : r.chance(0.1) ? 'university' : 'none';
  return 'none';
}

function givenName(r: Rng, sex: 'male' | 'female', birthYear: number): string {
  return r.pick(GIVEN_NAMES[sex][generationOf(birthYear)]);
}

function phone(r: Rng): string {
  return `${r.pick(MOBILE_PREFIXES)}${String(r.int(0, 99_999_999)).padStart(8, '0')}`;
}

/** A unique ID number in the county: region + birth date + a free 3-digit sequence of the right parity + check digit. */
function idNumber(r: Rng, state: CountyState, region: string, birthDate: string, sex: 'male' | 'female'): string {
  const day = dayOf(birthDate);
  const start = r.int(0, 499);
  for (let k = 0; k < 500; k++) {
    const seq = ((start + k) % 500) * 2 + (sex === 'male' ? 1 : 0);
    const key = day * 1000 + seq;
    if (!state.usedIds.has(key)) {
      state.usedIds.add(key);
      return makeIdNumber(region, birthDate, seq);
    }
  }
  throw new Error(`no free ID sequence left for ${region} ${birthDate}`);
}

/** Splits `total` fen (a multiple of 100) by weights into whole yuan that add up exactly. */
function splitYuan(total: number, weights: number[]): number[] {
  const units = total / 100;
  const sumW = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (units * w) / sumW);
  const parts = exact.map(Math.floor);
  let rest = units - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((_, i) => i).sort((a, b) => exact[b] - parts[b] - (exact[a] - parts[a]) || a - b);
  for (const i of order) {
    if (rest <= 0) break;
    parts[i]++;
    rest--;
  }
  return parts.map((p) => p * 100);
}

/** Builds every household of a county, in a fixed order: the same seed and plan give the same households. */
export function* generateCounty(ctx: CountyContext): Generator<GenHousehold> {
  const { county, seed } = ctx;
  const slots: Array<{ category: PlannedCategory; extreme: boolean; illness: boolean }> = [];
  for (const cell of county.cells) {
    for (let i = 0; i < cell.count; i++) slots.push({ category: cell.category, extreme: cell.extreme, illness: i < cell.illness });
  }
  new Rng(seed, 'slots', county.code).shuffle(slots);
  const state: CountyState = { usedIds: new Set(), archive: new Map(), dibaoCerts: 0 };
  const unionWeights = ctx.unions.map((u) => [u, u.subtype === 'enterprise' ? 2 : 3] as const);
  for (let i = 0; i < slots.length; i++) {
    const r = new Rng(seed, 'household', county.code, i);
    const union = r.weighted(unionWeights);
    yield makeHousehold(r, slots[i], ctx, state, ctx.unions.indexOf(union));
  }
}

function makeHousehold(r: Rng, slot: { category: PlannedCategory; extreme: boolean; illness: boolean }, ctx: CountyContext, state: CountyState, unionIndex: number): GenHousehold {
  const { county, line, today } = ctx;
  const region = county.code;
  const union = ctx.unions[unionIndex];
  const todayYear = Number(today.slice(0, 4));
  const cause: Cause = slot.illness ? 'illness' : r.weighted(CAUSE_WEIGHTS[slot.category]);

  // ── who lives here ──
  let size = r.weighted(SIZE_WEIGHTS);
  if ((cause === 'schooling' || cause === 'single_parent') && size < 2) size = r.int(2, 4);
  const workerSex = cause === 'single_parent' ? (r.chance(0.78) ? 'female' : 'male') : r.chance(0.56) ? 'male' : 'female';
  let workerAge = Math.round(r.real(22, 40) + r.real(0, 20));
  const surname = r.weighted(SURNAMES);
  const needChild = cause === 'schooling' || cause === 'single_parent';
  const hasSpouse = size >= (needChild ? 3 : 2) && cause !== 'single_parent' && r.chance(0.82);
  // the costly student of a schooling-caused household: senior high or college age mostly
  const studentAge = cause === 'schooling' ? (r.chance(0.7) ? r.int(15, 21) : r.int(6, 14)) : null;
  if (studentAge !== null && workerAge < studentAge + 21) workerAge = studentAge + r.int(21, 30);
  if (needChild && workerAge < 24) workerAge = r.int(24, 40);

  const people: Person[] = [{ relation: 'self', sex: workerSex, age: workerAge, surname, health: 'healthy', disabilityGrade: null, stage: 'none', employment: 'not_working' }];
  const spouseSurname = r.weighted(SURNAMES);
  if (hasSpouse) {
    const gap = r.int(0, 5);
    people.push({ relation: 'spouse', sex: opposite(workerSex), age: Math.max(20, workerSex === 'male' ? workerAge - gap : workerAge + gap), surname: spouseSurname, health: 'healthy', disabilityGrade: null, stage: 'none', employment: 'not_working' });
  }
  // children carry the father's surname; a single mother's children hers or an absent father's
  const childSurname = workerSex === 'male' ? surname : hasSpouse ? spouseSurname : r.chance(0.5) ? surname : r.weighted(SURNAMES);
  let rest = size - people.length;
  let children = 0;
  let parents = 0;
  let firstParentSex: 'male' | 'female' = 'female';
  while (rest > 0) {
    if ((needChild && children === 0) || (children < 3 && workerAge >= 23 && r.chance(workerAge < 50 ? 0.75 : 0.45))) {
      let age: number;
      if (children === 0 && studentAge !== null) age = studentAge;
      else {
        age = workerAge - r.int(21, 34);
        if (age < 0) age = r.int(0, Math.max(0, workerAge - 21));
      }
      people.push({ relation: 'child', sex: r.chance(0.52) ? 'male' : 'female', age, surname: childSurname, health: 'healthy', disabilityGrade: null, stage: 'none', employment: 'not_working', mustStudy: children === 0 && studentAge !== null });
      children++;
    } else if (parents < 2 && workerAge <= 62) {
      const sex: 'male' | 'female' = parents === 1 ? opposite(firstParentSex) : r.chance(0.4) ? 'male' : 'female';
      firstParentSex = sex;
      people.push({ relation: 'parent', sex, age: Math.min(95, workerAge + r.int(22, 32)), surname: sex === 'male' ? surname : r.weighted(SURNAMES), health: 'healthy', disabilityGrade: null, stage: 'none', employment: 'not_working' });
      parents++;
    } else if (workerAge >= 46 && r.chance(0.5)) {
      people.push({ relation: 'grandchild', sex: r.chance(0.52) ? 'male' : 'female', age: r.int(0, Math.min(12, workerAge - 42)), surname: childSurname, health: 'healthy', disabilityGrade: null, stage: 'none', employment: 'not_working' });
    } else {
      people.push({ relation: 'sibling', sex: r.chance(0.5) ? 'male' : 'female', age: Math.max(16, workerAge + r.int(-10, 10)), surname, health: 'healthy', disabilityGrade: null, stage: 'none', employment: 'not_working' });
    }
    rest--;
  }
  const worker = people[0];

  // ── health ──
  for (const p of people) {
    if (p.age >= 60 && r.chance(0.3)) p.health = 'chronic_illness';
    else if (p.age >= 18 && r.chance(0.05)) p.health = 'chronic_illness';
  }
  const pickMember = (weights: Partial<Record<Relation, number>>): Person => {
    const cands = people.filter((p) => (weights[p.relation] ?? 0) > 0).map((p) => [p, weights[p.relation]!] as const);
    return cands.length ? r.weighted(cands) : worker;
  };
  let sick: Person | null = null;
  if (cause === 'illness') {
    sick = pickMember({ self: 45, spouse: 20, parent: 20, child: 15 });
    sick.health = r.chance(slot.extreme ? 0.75 : 0.6) ? 'serious_illness' : 'chronic_illness';
  } else if (cause === 'accident' && slot.category === 'accident') {
    sick = pickMember({ self: 50, spouse: 25, child: 15, parent: 10 });
    sick.health = r.chance(0.5) ? 'serious_illness' : 'chronic_illness';
  }
  if (cause === 'disability') {
    const d = pickMember({ self: 40, spouse: 20, child: 25, parent: 15 });
    d.health = 'disability';
    d.disabilityGrade = r.int(1, 4);
  } else if (r.chance(0.02)) {
    const d = r.pick(people);
    if (d.health === 'healthy') {
      d.health = 'disability';
      d.disabilityGrade = r.int(1, 4);
    }
  }

  // ── schooling ──
  for (const p of people) if (p.relation === 'child' || p.relation === 'grandchild' || (p.relation === 'sibling' && p.age < 25)) p.stage = stageFor(r, p.age, !!p.mustStudy);

  // ── employment ──
  const unable = (p: Person) => p.health === 'serious_illness' || (p.health === 'disability' && (p.disabilityGrade ?? 4) <= 2);
  const retirementAge = (p: Person) => (p.sex === 'male' ? 60 : 50);
  for (const p of people) {
    if (p.relation === 'self') {
      if (cause === 'unemployment') p.employment = r.chance(0.5) ? 'laid_off' : 'unemployed';
      else if (p.age >= retirementAge(p) - 3 && r.chance(0.6)) p.employment = 'retired';
      else if (p.health === 'serious_illness') p.employment = r.weighted([['intermittent', 5], ['laid_off', 2], ['employed', 3]] as const);
      else if (p.health === 'disability') p.employment = r.weighted([['flexible', 3], ['intermittent', 2], ['employed', 2]] as const);
      else if (union.subtype === 'enterprise') p.employment = r.weighted([['employed', 7], ['intermittent', 2], ['laid_off', 1]] as const);
      else p.employment = r.weighted([['employed', 55], ['flexible', 20], ['intermittent', 10], ['laid_off', 7], ['unemployed', 8]] as const);
    } else if (p.relation === 'spouse' || p.relation === 'sibling') {
      if (p.age >= retirementAge(p) && r.chance(0.5)) p.employment = 'retired';
      else if (unable(p) || (p.relation === 'sibling' && p.stage !== 'none')) p.employment = 'not_working';
      else p.employment = r.weighted([['employed', 30], ['flexible', 30], ['unemployed', 15], ['not_working', 15], ['intermittent', 10]] as const);
    } else if (p.relation === 'parent') {
      p.employment = p.age >= 55 && r.chance(0.45) ? 'retired' : 'not_working';
    } else if (p.relation === 'child') {
      if (p.stage !== 'none' && p.stage !== 'preschool') p.employment = 'not_working';
      else if (p.age >= 16 && !unable(p)) p.employment = r.weighted([['employed', 40], ['flexible', 35], ['unemployed', 25]] as const);
    }
  }

  // ── flags ──
  const flags: string[] = [];
  const singleParent = !hasSpouse && children > 0 && worker.age < 60 && (cause === 'single_parent' || r.chance(0.5));
  if (singleParent) flags.push('singleParent');
  if (r.chance(0.008)) flags.push('modelWorker');
  if (r.chance(0.12)) flags.push('migrantWorker');
  if (slot.extreme) flags.push('extremeHardship');

  // ── income: drawn so that the rule yields the planned category ──
  const L = line.dibaoLineFen;
  const kL = (line.nearDibaoMultiplierBp * L) / 10000;
  const nearMaxAnnual = Math.floor((line.nearDibaoMultiplierBp * L * 12 * size) / 10000);
  let monthly: number;
  let other = 0;
  let rigidTarget = 0;
  if (slot.category === 'dibao') {
    monthly = Math.max(10000, round100(L * (slot.extreme ? r.real(0.15, 0.7) : r.real(0.35, 1.15)) * size));
    if (r.chance(0.15)) other = yuan(r.int(6, 30) * 100);
  } else if (slot.category === 'near_dibao') {
    monthly = Math.max(10000, Math.floor(((slot.extreme ? L * r.real(0.3, 0.85) : kL * r.real(0.55, 1)) * size) / 100) * 100);
    if (r.chance(0.15)) other = yuan(r.int(3, 24) * 100);
    if (12 * monthly + other > nearMaxAnnual) other = Math.max(0, Math.floor((nearMaxAnnual - 12 * monthly) / 100) * 100);
    while (12 * monthly + other > nearMaxAnnual) monthly -= 100;
  } else {
    const tail = !slot.extreme && cause !== 'schooling' && r.chance(0.08);
    const factor = tail ? (L * r.real(5.5, 9)) / kL : cause === 'schooling' ? r.real(1.03, 1.6) : slot.extreme ? r.real(1.03, 1.8) : r.real(1.03, 3);
    monthly = Math.ceil((kL * factor * size) / 100) * 100;
    if (r.chance(0.1)) other = yuan(r.int(6, 36) * 100);
    while ((12 * monthly + other) * 10000 <= line.nearDibaoMultiplierBp * L * 12 * size) monthly += 100;
    const annual = 12 * monthly + other;
    const ratio = tail ? r.real(0.805, 0.86) : slot.extreme ? r.real(1.0, 2.0) : r.real(0.82, 1.5);
    rigidTarget = Math.ceil((annual * ratio) / 100) * 100;
    while (rigidTarget * 10000 <= line.rigidSpendingShareBp * annual) rigidTarget += 100;
  }

  // split the monthly income over the earners
  const members = people.map((p) => ({ p, income: {} as Partial<Record<IncomeSource, number>> }));
  let toSplit = monthly;
  if (slot.category === 'dibao') {
    const allowance = Math.min(monthly, round100(monthly * r.real(0.3, 0.7)));
    members[0].income.allowance = allowance;
    toSplit -= allowance;
  }
  const earners = members.filter((m) => INCOME_WEIGHT[m.p.employment] > 0);
  if (toSplit > 0) {
    if (earners.length === 0) {
      const src: IncomeSource = slot.category === 'dibao' ? 'allowance' : r.chance(0.5) ? 'other' : 'allowance';
      members[0].income[src] = (members[0].income[src] ?? 0) + toSplit;
    } else {
      const parts = splitYuan(
        toSplit,
        earners.map((m) => INCOME_WEIGHT[m.p.employment] * r.real(0.7, 1.3)),
      );
      earners.forEach((m, i) => {
        if (parts[i] === 0) return;
        const e = m.p.employment;
        const src: IncomeSource =
          e === 'retired' ? 'pension' : e === 'unemployed' ? 'unemployment_benefit' : e === 'laid_off' ? 'allowance' : e === 'flexible' && r.chance(0.5) ? 'business' : 'wage';
        m.income[src] = (m.income[src] ?? 0) + parts[i];
      });
    }
  }

  // ── rigid spending ──
  const students = people.filter((p) => STUDENT_STAGES.includes(p.stage));
  const collegeStudents = students.filter((p) => ['university', 'vocational_college', 'postgraduate', 'senior_high', 'vocational_secondary'].includes(p.stage)).length;
  let medical = 0;
  let schooling = 0;
  let disaster = 0;
  if (slot.category === 'accident') {
    const R = rigidTarget;
    if (cause === 'schooling') {
      schooling = Math.ceil((R * r.real(0.75, 1)) / 100) * 100;
      medical = R - schooling;
    } else if (cause === 'disaster') {
      disaster = Math.ceil((R * r.real(0.7, 1)) / 100) * 100;
      medical = R - disaster;
    } else {
      // illness or an accident: medical out-of-pocket, plus the children's schooling
      schooling = Math.min(Math.floor(R / 3 / 100) * 100, students.length * yuan(r.int(5, 30) * 100));
      medical = R - schooling;
    }
  } else {
    if (cause === 'illness') medical = yuan(sick?.health === 'serious_illness' ? r.int(8000, 40000) : r.int(1500, 12000));
    else if (cause === 'accident') medical = yuan(r.int(3000, 25000));
    else if (cause === 'disability') medical = yuan(r.int(500, 5000));
    else if (people.some((p) => p.health === 'chronic_illness' || p.health === 'serious_illness') && r.chance(0.7)) medical = yuan(r.int(500, 6000));
    if (cause === 'disaster') disaster = yuan(r.int(2000, 20000));
    if (cause === 'schooling') schooling = yuan(collegeStudents > 0 ? r.int(6000, 18000) * Math.max(1, collegeStudents) : r.int(2000, 5000));
    else if (students.length > 0 && r.chance(0.6)) schooling = yuan(r.int(3, 20) * 100 * students.length);
  }

  // ── the rest of the file ──
  const birthOf = people.map((p) => birthDateFor(r, today, p.age));
  const memberRows: GenMember[] = members.map((m, i) => {
    const p = m.p;
    const birthDate = birthOf[i];
    const adult = p.age >= 18;
    return {
      position: i,
      name: `${p.surname}${givenName(r, p.sex, Number(birthDate.slice(0, 4)))}`,
      relation: p.relation,
      idNumber: idNumber(r, state, region, birthDate, p.sex),
      phone: p.relation === 'self' ? (r.chance(0.96) ? phone(r) : null) : adult && p.age < 75 && r.chance(p.relation === 'spouse' ? 0.7 : 0.5) ? phone(r) : null,
      sex: p.sex,
      birthDate,
      health: p.health,
      disabilityGrade: p.disabilityGrade,
      schoolingStage: p.stage,
      employment: p.employment,
      monthlyIncomeFen: m.income,
    };
  });

  const secondary = new Set<Cause>();
  if (cause !== 'illness' && people.some((p) => p.health === 'serious_illness' || (p.health === 'chronic_illness' && medical > 0))) secondary.add('illness');
  if (cause !== 'disability' && people.some((p) => p.health === 'disability')) secondary.add('disability');
  if (cause !== 'unemployment' && (worker.employment === 'laid_off' || worker.employment === 'unemployed')) secondary.add('unemployment');
  if (cause !== 'schooling' && schooling > 0 && r.chance(0.5)) secondary.add('schooling');
  if (cause !== 'single_parent' && singleParent) secondary.add('single_parent');
  const secondaryCauses = [...secondary].slice(0, 3);

  const housing = slot.extreme
    ? r.weighted([['none', 10], ['public_rental', 45], ['rented', 30], ['owned', 15]] as const)
    : r.weighted([['owned', 32], ['rented', 30], ['public_rental', 33], ['none', 5]] as const);
  const area = housing === 'owned' ? r.int(450, 950) : housing === 'rented' ? r.int(180, 600) : housing === 'public_rental' ? r.int(300, 550) : 0;
  const street = union.street ?? r.pick(STREETS);
  const flat = r.chance(0.65) ? `${r.int(1, 12)}栋${r.int(1, 4)}单元${r.int(1, 18)}0${r.int(1, 4)}室` : '';
  const address = `贵州省${county.cityName}${county.name}${street}${r.int(1, 399)}号${flat}`;
  const employer =
    worker.employment === 'not_working' || (worker.employment === 'unemployed' && r.chance(0.5)) || (worker.employment === 'flexible' && r.chance(0.6))
      ? null
      : (union.enterprise ?? enterpriseName(r, shortPlaceName(r.chance(0.7) ? county.name : county.cityName)));

  // status and file number: mostly approved files with archive numbers, a few still in draft, submitted or verified
  const status = r.weighted([['approved', 940], ['verified', 12], ['submitted', 25], ['draft', 23]] as const);
  const todayDay = dayOf(today);
  let archiveNo: string | null = null;
  let approvedOn: string | null = null;
  let createdDay: number;
  let updatedDay: number;
  if (status === 'approved') {
    const years: Array<readonly [number, number]> = [];
    for (let y = 2016; y <= todayYear; y++) if (dayOf(`${y}-01-01`) < todayDay) years.push([y, y === 2016 ? 30 : y <= 2018 ? 11 : y === todayYear ? 5 : 7]);
    const y = r.weighted(years);
    const approvedDay = r.int(dayOf(`${y}-01-01`), Math.min(dayOf(`${y}-12-31`), todayDay - 1));
    approvedOn = dateOf(approvedDay);
    const seq = (state.archive.get(y) ?? ctx.archiveStart(y)) + 1;
    state.archive.set(y, seq);
    archiveNo = `${region}-${y}-${String(seq).padStart(6, '0')}`;
    createdDay = approvedDay - r.int(15, 75);
    updatedDay = Math.max(approvedDay, todayDay - r.int(1, 330));
  } else {
    createdDay = todayDay - r.int(2, 120);
    updatedDay = r.int(createdDay, todayDay - 1);
  }
  const receivesDibao = slot.category === 'dibao';
  const dibaoCertificateNo = receivesDibao ? `DB${region}${String(++state.dibaoCerts).padStart(6, '0')}` : null;
  const createdAt = officeTime(r, createdDay);
  const updatedAt = new Date(Math.max(createdAt.getTime() + 60_000, officeTime(r, updatedDay).getTime()));
  const banked = (status === 'approved' || status === 'verified') && r.chance(0.85);

  // ── derived, and identified by the rule ──
  let monthlySum = 0;
  for (const m of memberRows) for (const v of Object.values(m.monthlyIncomeFen)) monthlySum += v ?? 0;
  const annualIncomeFen = 12 * monthlySum + other;
  const rigid = medical + schooling + disaster;
  const id = judge(
    { receivesDibao, size: memberRows.length, annualIncomeFen, annualRigidSpendingFen: rigid },
    { dibaoLineFen: line.dibaoLineFen, nearDibaoMultiplierBp: line.nearDibaoMultiplierBp, rigidSpendingShareBp: line.rigidSpendingShareBp },
  );
  if (id.category !== slot.category) {
    throw new Error(`demo generator: household ${region} planned ${slot.category} but the rule says ${id.category} (income ${annualIncomeFen}, rigid ${rigid}, size ${memberRows.length})`);
  }

  return {
    regionCode: region,
    unionIndex,
    status,
    archiveNo,
    approvedOn,
    address,
    workerName: memberRows[0].name,
    workerInitials: initialsOf(memberRows[0].name),
    employer,
    unionMember: r.chance(0.9),
    housing,
    housingArea: area ? (area / 10).toFixed(1) : null,
    receivesDibao,
    dibaoCertificateNo,
    otherAnnualIncomeFen: other,
    medicalOutOfPocketFen: medical,
    schoolingSpendingFen: schooling,
    disasterLossFen: disaster,
    primaryCause: cause,
    secondaryCauses,
    flags,
    bankName: banked ? r.weighted(BANKS) : null,
    bankAccount: banked ? `62${String(r.int(0, 99_999_999)).padStart(8, '0')}${String(r.int(0, 999_999_999)).padStart(9, '0')}` : null,
    createdAt,
    updatedAt,
    members: memberRows,
    size: memberRows.length,
    annualIncomeFen,
    students: students.length,
    seriousIllness: people.some((p) => p.health === 'serious_illness'),
    category: id.category,
    level: id.level,
    identification: identificationRecord(ctx.year, line, id),
  };
}
