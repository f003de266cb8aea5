import { z } from 'zod';

export const CATEGORIES = ['dibao', 'near_dibao', 'accident', 'not_eligible'] as const;
export type Category = (typeof CATEGORIES)[number];
export const LEVELS = ['deep', 'relative', 'general'] as const;
export type Level = (typeof LEVELS)[number];

export const CATEGORY_LABELS: Record<Category, { zh: string; en: string }> = {
  dibao: { zh: '低保户', en: 'Dibao household' },
  near_dibao: { zh: '低保边缘户', en: 'Near-dibao household' },
  accident: { zh: '意外致困户', en: 'Accident-caused hardship' },
  not_eligible: { zh: '不符合条件', en: 'Not eligible' },
};
export const LEVEL_LABELS: Record<Level, { zh: string; en: string }> = {
  deep: { zh: '深度困难', en: 'Deep hardship' },
  relative: { zh: '相对困难', en: 'Relative hardship' },
  general: { zh: '一般困难', en: 'General hardship' },
};

const fen = z.number().int().min(0).max(1_000_000_000_00);

export const assessBody = z.strictObject({
  regionCode: z.string().regex(/^\d{6}$/, '6-digit county code'),
  year: z.number().int().min(2000).max(2100),
  receivesDibao: z.boolean(),
  size: z.number().int().min(1).max(30),
  annualIncomeFen: fen,
  annualRigidSpendingFen: fen,
});
export type AssessBody = z.infer<typeof assessBody>;

export const reasonDto = z.object({ code: z.string(), zh: z.string(), en: z.string() });
export const assessResponse = z.object({
  category: z.enum(CATEGORIES),
  level: z.enum(LEVELS).nullable(),
  perCapitaMonthlyIncomeFen: z.number().int(),
  dibaoLineFen: z.number().int(),
  nearDibaoMultiplierBp: z.number().int(),
  lineRegionCode: z.string(),
  reasons: z.array(reasonDto),
});
export type AssessResponse = z.infer<typeof assessResponse>;

export const dibaoLineDto = z.object({
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  year: z.number().int(),
  dibaoLineFen: z.number().int(),
  nearDibaoMultiplierBp: z.number().int(),
  rigidSpendingShareBp: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type DibaoLineDto = z.infer<typeof dibaoLineDto>;

export const putDibaoLineBody = z.strictObject({
  regionCode: z.string().regex(/^\d{2}(\d{2}){0,2}$/, 'GB/T 2260 code of 2, 4 or 6 digits'),
  year: z.number().int().min(2000).max(2100),
  dibaoLineFen: z.number().int().min(1).max(10_000_000),
  nearDibaoMultiplierBp: z.number().int().min(10000).max(50000),
  rigidSpendingShareBp: z.number().int().min(1).max(10000).default(8000),
});
export type PutDibaoLineBody = z.infer<typeof putDibaoLineBody>;

export const dibaoLineQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() });
