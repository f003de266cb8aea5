import type { SectionSource } from './worklist.service';

/** The modules that keep queues. Each answers only what the actor's permissions and scope allow. */
export const WORKLIST_SOURCES: readonly SectionSource[] = [];
