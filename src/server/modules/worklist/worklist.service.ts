import type { WorklistDto, WorklistSection } from '../../../contracts/worklist';
import type { Db } from '../../platform/db/client';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';

/** A module's contribution: the actor's queue(s) in that module, empty when the actor has none there. */
export type SectionSource = (db: Db, deps: Deps, actor: Actor) => Promise<WorklistSection[]>;

/**
 * 工作台: every role opens the app on its own queue. The sources are the modules' `worklistSections` functions; a
 * failing source is not allowed to hide the others — it is reported as a section with the failure, and logged by the
 * caller.
 */
export async function worklistOf(db: Db, deps: Deps, actor: Actor, sources: readonly SectionSource[]): Promise<WorklistDto> {
  const parts = await Promise.all(sources.map((s) => s(db, deps, actor)));
  const sections = parts.flat();
  // what is overdue first, then what has most items; empty queues last
  sections.sort((a, b) => Number(b.total > 0) - Number(a.total > 0) || b.overdue - a.overdue || b.total - a.total);
  return { sections };
}
