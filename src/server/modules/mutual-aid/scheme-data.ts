import { type Diagnosis, type Scheme, scheme as schemeSchema } from '../../../contracts/mutual-aid';

/**
 * The five medical mutual-aid schemes of the Guizhou practice (2016) — the reference vectors' schemes written in
 * the system's own scheme format. Numbers the source leaves open are demo parameters, marked "demo" in a comment.
 *
 * Schemes live in the database (scheme.table.ts: versioned; a published version is immutable; a claim uses the version
 * in force on its event date); these five are its seed, stored as version 1 by seedBuiltInSchemes.
 */

const calendarYear = { kind: 'calendar_year' } as const;

/** 贵阳 重大疾病 list (15 diseases), also used by 遵义's critical-illness plan. */
const CRITICAL_ILLNESSES: Diagnosis[] = [
  { code: 'CI01', name: { zh: '恶性肿瘤', en: 'Malignant neoplasm' }, icd10: ['C00-C97'] },
  { code: 'CI02', name: { zh: '急性心肌梗塞', en: 'Acute myocardial infarction' }, icd10: ['I21'] },
  { code: 'CI03', name: { zh: '脑中风后遗症', en: 'Sequelae of stroke' }, icd10: ['I60-I64'] },
  { code: 'CI04', name: { zh: '重大器官移植术或造血干细胞移植术', en: 'Major organ or haematopoietic stem cell transplant' }, icd10: ['Z94'] },
  { code: 'CI05', name: { zh: '冠状动脉搭桥术', en: 'Coronary artery bypass graft' }, icd10: ['Z95.1'] },
  { code: 'CI06', name: { zh: '终末期肾病', en: 'End-stage renal disease' }, icd10: ['N18.5'] },
  { code: 'CI07', name: { zh: '多个肢体缺失', en: 'Loss of multiple limbs' }, icd10: ['Z89'] },
  { code: 'CI08', name: { zh: '急性或亚急性重症肝炎', en: 'Acute or subacute severe hepatitis' }, icd10: ['K72.0'] },
  { code: 'CI09', name: { zh: '良性脑肿瘤', en: 'Benign brain tumour' }, icd10: ['D33'] },
  { code: 'CI10', name: { zh: '慢性肝功能衰竭失代偿期', en: 'Decompensated chronic liver failure' }, icd10: ['K72.1'] },
  { code: 'CI11', name: { zh: '脑炎后遗症或脑膜炎后遗症', en: 'Sequelae of encephalitis or meningitis' }, icd10: ['G09'] },
  { code: 'CI12', name: { zh: '深度昏迷', en: 'Deep coma' }, icd10: ['R40.2'] },
  { code: 'CI13', name: { zh: '双耳失聪', en: 'Deafness in both ears' }, icd10: ['H90.3'] },
  { code: 'CI14', name: { zh: '双目失明', en: 'Blindness in both eyes' }, icd10: ['H54.0'] },
  { code: 'CI15', name: { zh: '瘫痪', en: 'Paralysis' }, icd10: ['G82'] },
];

/** demo: the source names 女职工特殊疾病 without a list; these are the usual female-specific cancers. */
const FEMALE_DISEASES: Diagnosis[] = [
  { code: 'FD01', name: { zh: '乳腺癌', en: 'Breast cancer' }, icd10: ['C50'] },
  { code: 'FD02', name: { zh: '宫颈癌', en: 'Cervical cancer' }, icd10: ['C53'] },
  { code: 'FD03', name: { zh: '子宫内膜癌', en: 'Endometrial cancer' }, icd10: ['C54'] },
  { code: 'FD04', name: { zh: '卵巢癌', en: 'Ovarian cancer' }, icd10: ['C56'] },
];

const RAW: Scheme[] = [
  {
    code: 'LPS',
    name: { zh: '六盘水市职工医疗互助 2016', en: 'Liupanshui workers’ medical mutual aid 2016' },
    regionCode: '5202',
    version: 2016,
    period: calendarYear,
    contributions: [
      { memberStatus: 'ordinary', basis: 'per_member', payer: 'worker', amountFen: 10000 },
      { memberStatus: 'hardship', basis: 'per_member', payer: 'worker', amountFen: 6000 },
      // demo: the source says the unions pay the rest of a hardship member's 100 yuan; the split 20/20 is a demo parameter
      { memberStatus: 'hardship', basis: 'per_member', payer: 'city_union', amountFen: 2000, note: 'demo' },
      { memberStatus: 'hardship', basis: 'per_member', payer: 'county_union', amountFen: 2000, note: 'demo' },
    ],
    plans: [
      {
        code: 'inpatient',
        name: { zh: '住院医疗互助', en: 'Inpatient mutual aid' },
        kind: 'ratio',
        trigger: 'inpatient_stay',
        base: 'out_of_pocket',
        bandScope: 'claim',
        // 50% of out-of-pocket for ordinary members, 70% for members in hardship
        ratio: [
          { memberStatus: 'ordinary', bands: [{ fromFen: 0, rateBp: 5000 }] },
          { memberStatus: 'hardship', bands: [{ fromFen: 0, rateBp: 7000 }] },
        ],
      },
      {
        code: 'pharmacy_allowance',
        name: { zh: '特困职工购药补助', en: 'Pharmacy allowance for workers in extreme hardship' },
        kind: 'allowance',
        trigger: 'household_year',
        amountFen: 100000,
        eligibleStatuses: ['hardship'],
        eligibility: { zh: '困难程度为深度困难且标记为特困的家庭', en: 'Households of level deep flagged extreme hardship (特困)' },
        restrictedUse: { zh: '限在定点药店购药', en: 'Only at designated pharmacies' },
        // once per household and year
        maxClaims: { scope: 'period', count: 1 },
        funding: [
          { payer: 'city_union', shareBp: 5000 },
          { payer: 'county_union', shareBp: 5000 },
        ],
      },
    ],
  },
  {
    code: 'SN',
    name: { zh: '思南县在职职工住院医疗互助 2016', en: 'Sinan employed workers’ inpatient mutual aid 2016' },
    regionCode: '520624',
    version: 2016,
    period: calendarYear,
    contributions: [
      { memberStatus: 'any', basis: 'per_member', payer: 'government', amountFen: 10000 },
      { memberStatus: 'any', basis: 'per_member', payer: 'county_union', amountFen: 6000 },
      { memberStatus: 'any', basis: 'per_member', payer: 'worker', amountFen: 10000 },
    ],
    plans: [
      {
        code: 'inpatient_secondary',
        name: { zh: '住院二次报销', en: 'Secondary reimbursement of inpatient costs' },
        kind: 'ratio',
        trigger: 'inpatient_stay',
        base: 'out_of_pocket',
        bandScope: 'claim',
        // out-of-pocket above 5,000 yuan in the year counts
        threshold: { scope: 'period', amountFen: 500000 },
        // demo: the rate above the threshold is left open by the source; 50%
        ratio: [{ memberStatus: 'any', bands: [{ fromFen: 0, rateBp: 5000, note: 'demo' }] }],
        // at most 100,000 yuan a year
        caps: [{ scope: 'period', amountFen: 10000000 }],
      },
    ],
  },
  {
    code: 'GY',
    name: { zh: '贵阳市职工重大疾病互助 2016', en: 'Guiyang workers’ critical-illness mutual aid 2016' },
    regionCode: '5201',
    version: 2016,
    period: calendarYear,
    contributions: [{ memberStatus: 'any', basis: 'per_member', payer: 'worker', amountFen: 5000 }],
    plans: [
      {
        code: 'critical_illness',
        name: { zh: '重大疾病一次性补助', en: 'Critical-illness lump sum' },
        kind: 'lump_sum',
        trigger: 'first_diagnosis',
        diagnoses: CRITICAL_ILLNESSES,
        amountFen: 1200000,
        // demo: 90 days; no waiting when membership runs on from an earlier year
        waitingPeriod: { days: 90, waivedOnContinuousRenewal: true, note: 'demo' },
        // once in a lifetime
        maxClaims: { scope: 'lifetime', count: 1 },
      },
    ],
  },
  {
    code: 'ZY',
    name: { zh: '遵义市职工医疗互助 2016', en: 'Zunyi workers’ medical mutual aid 2016' },
    regionCode: '5203',
    version: 2016,
    period: calendarYear,
    // demo: 10 yuan per plan chosen
    contributions: [{ memberStatus: 'any', basis: 'per_plan', payer: 'worker', amountFen: 1000, note: 'demo' }],
    maxPlansPerMember: 5,
    plans: [
      {
        code: 'accident_injury',
        name: { zh: '在职职工意外伤害互助保障计划', en: 'Accident injury plan for employed workers' },
        kind: 'per_diem',
        trigger: 'accident_inpatient_stay',
        // demo: 50 yuan a hospital day, at most 90 days a year
        amountFenPerDay: 5000,
        caps: [{ scope: 'period', days: 90, note: 'demo' }],
        note: 'demo',
      },
      {
        code: 'critical_illness',
        name: { zh: '在职职工重大疾病互助保障计划', en: 'Critical-illness plan for employed workers' },
        kind: 'lump_sum',
        trigger: 'first_diagnosis',
        // the diseases of 贵阳's list; demo: 10,000 yuan once in a lifetime
        diagnoses: CRITICAL_ILLNESSES,
        amountFen: 1000000,
        maxClaims: { scope: 'lifetime', count: 1 },
        note: 'demo',
      },
      {
        code: 'inpatient',
        name: { zh: '住院医疗互助保障计划', en: 'Inpatient plan' },
        kind: 'ratio',
        trigger: 'inpatient_stay',
        base: 'out_of_pocket',
        bandScope: 'claim',
        // demo: 30% of out-of-pocket, at most 30,000 yuan a year
        ratio: [{ memberStatus: 'any', bands: [{ fromFen: 0, rateBp: 3000 }] }],
        caps: [{ scope: 'period', amountFen: 3000000 }],
        note: 'demo',
      },
      {
        code: 'female_disease',
        name: { zh: '女职工特殊疾病互助保障计划', en: 'Female workers’ special-disease plan' },
        kind: 'lump_sum',
        trigger: 'first_diagnosis',
        // demo: 5,000 yuan on the first diagnosis of each listed disease (the list is a demo too)
        diagnoses: FEMALE_DISEASES,
        amountFen: 500000,
        note: 'demo',
      },
      {
        code: 'retiree_inpatient',
        name: { zh: '退休职工住院互助保障计划', en: 'Retirees’ inpatient plan' },
        kind: 'ratio',
        trigger: 'inpatient_stay',
        base: 'out_of_pocket',
        bandScope: 'claim',
        // demo: 20% of out-of-pocket, no cap
        ratio: [{ memberStatus: 'any', bands: [{ fromFen: 0, rateBp: 2000 }] }],
        note: 'demo',
      },
    ],
  },
  {
    code: 'PROV',
    name: { zh: '省直在职职工重大疾病住院互助 2016', en: 'Provincial employees’ critical-illness inpatient mutual aid 2016' },
    regionCode: '52',
    version: 2016,
    period: calendarYear,
    // demo: 50 yuan a member a year
    contributions: [{ memberStatus: 'any', basis: 'per_member', payer: 'worker', amountFen: 5000, note: 'demo' }],
    plans: [
      {
        code: 'critical_inpatient',
        name: { zh: '重大疾病住院互助', en: 'Critical-illness inpatient mutual aid' },
        kind: 'ratio',
        trigger: 'inpatient_stay',
        base: 'out_of_pocket',
        // demo: progressive over the year's out-of-pocket — 40% of the first 20,000 yuan, 75% above;
        // chosen so that the real worked case (total 991,600; insurance 864,400 → 88,400 paid) is reproduced
        bandScope: 'period',
        ratio: [
          {
            memberStatus: 'any',
            bands: [
              { fromFen: 0, rateBp: 4000, note: 'demo' },
              { fromFen: 2000000, rateBp: 7500, note: 'demo' },
            ],
          },
        ],
        // at most 150,000 yuan a year
        caps: [{ scope: 'period', amountFen: 15000000 }],
      },
    ],
  },
];

/** The built-in schemes, validated by the scheme format on load (a broken edit fails at start, not at a claim). */
export const BUILT_IN_SCHEMES: readonly Scheme[] = RAW.map((s) => schemeSchema.parse(s));

export function builtInScheme(code: string): Scheme | undefined {
  return BUILT_IN_SCHEMES.find((s) => s.code === code);
}
