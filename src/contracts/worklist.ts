import { z } from 'zod';

/**
 * 工作台 Worklists: each role opens the app on its own queue. Every module that owns a queue exports a function
 * `worklistSections(db, deps, actor): Promise<WorklistSection[]>` from its service; the worklist service gathers
 * them. A section lists the actor's first items (oldest or most overdue first) and the total.
 */
export const worklistItem = z.object({
  /** What the item is, e.g. 'verification_task', 'review', 'spot_check_item', 'measure', 'annual_review', 'follow_up'. */
  kind: z.string(),
  id: z.string(),
  /** One line: archive number or worker name (masked data only) and what is to be done. */
  title: z.string(),
  subtitle: z.string().nullable(),
  /** Business date the item is due (YYYY-MM-DD), if it has one. */
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  /** Where the web app opens it, e.g. '/verification/tasks/…'. */
  href: z.string(),
});
export type WorklistItem = z.infer<typeof worklistItem>;

export const worklistSection = z.object({
  /** Stable key, e.g. 'verification.my_visits'. */
  key: z.string(),
  titleZh: z.string(),
  titleEn: z.string(),
  /** All items of this queue in the actor's scope, not only those listed. */
  total: z.number().int(),
  overdue: z.number().int(),
  items: z.array(worklistItem),
  /** The page with the whole queue. */
  href: z.string(),
});
export type WorklistSection = z.infer<typeof worklistSection>;

export const worklistDto = z.object({ sections: z.array(worklistSection) });
export type WorklistDto = z.infer<typeof worklistDto>;
