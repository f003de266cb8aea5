import { z } from 'zod';

/**
 * Excel import of household files (摸底上报): modes, the job the page polls, and the per-row issues of the report.
 * Shared by the server and the web import wizard.
 */
export const IMPORT_MODES = ['dry-run', 'all-or-nothing', 'valid-rows'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export const IMPORT_MODE_LABELS: Record<ImportMode, { zh: string; en: string }> = {
  'dry-run': { zh: '仅检查（不写入）', en: 'Check only (writes nothing)' },
  'all-or-nothing': { zh: '全部正确才导入', en: 'All or nothing' },
  'valid-rows': { zh: '导入正确的家庭，报告其余', en: 'Import the valid households, report the rest' },
};

/** Content type of an .xlsx upload (the body of POST /api/v1/registry/import is the file itself). */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Largest upload the page accepts; the command line has no limit. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

export const importQuery = z.strictObject({
  mode: z.enum(IMPORT_MODES).default('all-or-nothing'),
  /** code of the reporting org (its subtree bounds the unions rows may name); default: the actor's own org */
  org: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{2,40}$/, 'org code')
    .optional(),
  /** the uploaded file's name, shown in the job and the report */
  filename: z.string().trim().min(1).max(200).optional(),
});
export type ImportQuery = z.infer<typeof importQuery>;

export const templateQuery = z.strictObject({
  org: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{2,40}$/, 'org code')
    .optional(),
});

export const IMPORT_SHEETS = ['file', 'households', 'members'] as const;
export type ImportSheet = (typeof IMPORT_SHEETS)[number];

export const importIssueDto = z.object({
  sheet: z.enum(IMPORT_SHEETS),
  /** the sheet's name as in the workbook (家庭 / 成员), or null for the file as a whole */
  sheetName: z.string().nullable(),
  /** Excel row number (1-based), null for file-level issues */
  row: z.number().int().nullable(),
  /** column key (e.g. idNumber) and its letter and header as found in the file */
  column: z.string().nullable(),
  columnLetter: z.string().nullable(),
  columnLabel: z.string().nullable(),
  /** the household's 序号 the row belongs to, when known */
  seq: z.string().nullable(),
  code: z.string(),
  zh: z.string(),
  en: z.string(),
  /** the offending value (personal data masked) */
  value: z.string().nullable(),
});
export type ImportIssueDto = z.infer<typeof importIssueDto>;

export const IMPORT_JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export const IMPORT_PHASES = ['queued', 'reading', 'checking', 'writing', 'indexing', 'report', 'done'] as const;
export const IMPORT_OUTCOMES = ['written', 'nothing_written', 'dry_run'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];
export const IMPORT_PHASE_LABELS: Record<(typeof IMPORT_PHASES)[number], { zh: string; en: string }> = {
  queued: { zh: '排队中', en: 'Queued' },
  reading: { zh: '读取文件', en: 'Reading the file' },
  checking: { zh: '检查数据', en: 'Checking' },
  writing: { zh: '检查并写入', en: 'Checking and writing' },
  indexing: { zh: '建立索引', en: 'Building the indexes' },
  report: { zh: '生成报告', en: 'Writing the report' },
  done: { zh: '完成', en: 'Done' },
};

export const importCounts = z.object({
  /** non-blank data rows of the households and members sheets */
  householdRows: z.number().int(),
  memberRows: z.number().int(),
  blankRows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** households not written because they (or their members) have errors */
  invalid: z.number().int(),
  /** issues found (all of them; the report lists up to a limit) */
  issues: z.number().int(),
});
export type ImportCounts = z.infer<typeof importCounts>;

export const importJobDto = z.object({
  id: z.string(),
  status: z.enum(IMPORT_JOB_STATUSES),
  phase: z.enum(IMPORT_PHASES),
  mode: z.enum(IMPORT_MODES),
  org: z.object({ code: z.string(), name: z.string() }),
  fileName: z.string(),
  fileBytes: z.number().int(),
  fileSha256: z.string(),
  progress: z.object({
    rowsRead: z.number().int(),
    /** rows of the two sheets as the file declares them, when it does */
    rowsTotal: z.number().int().nullable(),
    householdsDone: z.number().int(),
    householdsTotal: z.number().int(),
    percent: z.number().int().min(0).max(100),
  }),
  counts: importCounts,
  outcome: z.enum(IMPORT_OUTCOMES).nullable(),
  /** why nothing was written, or what went wrong */
  message: z.object({ zh: z.string(), en: z.string() }).nullable(),
  /** the first issues (the downloadable report has them all, up to its limit) */
  issues: z.array(importIssueDto),
  reportReady: z.boolean(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJobDto = z.infer<typeof importJobDto>;
