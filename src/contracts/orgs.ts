import { z } from 'zod';

export const ORG_KINDS = ['province', 'city', 'county', 'grassroots', 'industry', 'third_party'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const FEDERATION_KINDS: readonly OrgKind[] = ['province', 'city', 'county'];
export const GRASSROOTS_SUBTYPES = ['enterprise', 'community', 'township'] as const;

export const ORG_KIND_LABELS: Record<OrgKind, { zh: string; en: string }> = {
  province: { zh: '省总工会', en: 'Provincial federation' },
  city: { zh: '市(州)总工会', en: 'City federation' },
  county: { zh: '县(区)总工会', en: 'County federation' },
  grassroots: { zh: '基层工会', en: 'Grassroots union' },
  industry: { zh: '产业工会', en: 'Industry union' },
  third_party: { zh: '第三方机构', en: 'Third-party organisation' },
};
export const GRASSROOTS_SUBTYPE_LABELS: Record<(typeof GRASSROOTS_SUBTYPES)[number], { zh: string; en: string }> = {
  enterprise: { zh: '企业', en: 'Enterprise' },
  community: { zh: '社区', en: 'Community' },
  township: { zh: '乡镇(街道)', en: 'Township' },
};

/** Which kinds may sit under which parent kinds. Federations are generated from GB/T 2260, not created by hand. */
export const ALLOWED_PARENTS: Record<OrgKind, readonly OrgKind[]> = {
  province: [],
  city: ['province'],
  county: ['city'],
  grassroots: ['county', 'city', 'industry'],
  industry: ['province', 'city'],
  third_party: ['province', 'city', 'county'],
};
export const MANUAL_KINDS = ['grassroots', 'industry', 'third_party'] as const;

export const orgCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,31}$/, '2–32 letters, digits or hyphens');
export const regionCode = z.string().regex(/^\d{2}(\d{2}){0,2}$/, 'GB/T 2260 code of 2, 4 or 6 digits');

export const orgDto = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  subtype: z.string().nullable(),
  parentId: z.string().nullable(),
  path: z.string(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  active: z.boolean(),
  childCount: z.number().int(),
});
export type OrgDto = z.infer<typeof orgDto>;

export const createOrgBody = z.strictObject({
  name: z.string().trim().min(2).max(100),
  kind: z.enum(MANUAL_KINDS),
  subtype: z.string().trim().max(40).optional(),
  parentId: z.uuid(),
  regionCode,
  code: orgCode.optional(),
});
export type CreateOrgBody = z.infer<typeof createOrgBody>;

export const updateOrgBody = z.strictObject({
  name: z.string().trim().min(2).max(100).optional(),
  subtype: z.string().trim().max(40).nullable().optional(),
  regionCode: regionCode.optional(),
  active: z.boolean().optional(),
});

export const moveOrgBody = z.strictObject({ parentId: z.uuid() });

export const orgListQuery = z.strictObject({
  parentId: z.uuid().optional(),
  q: z.string().trim().max(50).optional(),
  kind: z.enum(ORG_KINDS).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
