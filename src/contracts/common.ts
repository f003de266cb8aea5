import { z } from 'zod';

export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorResponse = z.infer<typeof errorResponse>;

export const uuidParam = z.strictObject({ id: z.uuid() });

export const listQuery = z.strictObject({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function listResponse<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** Bodies of routes that take none: an empty object or nothing at all. */
export const emptyBody = z.strictObject({}).nullish();
