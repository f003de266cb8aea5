import { worklistSections as aidSections } from '../aid/worklist.service';
import { worklistSections as mutualAidSections } from '../mutual-aid/worklist.service';
import { worklistSections as dynamicSections } from '../dynamic/dynamic.service';
import { worklistSections as oversightSections } from '../oversight/spot-check.service';
import { worklistSections as surveySections } from '../survey/worklist.service';
import { worklistSections as verificationSections } from '../verification/task.service';
import type { SectionSource } from './worklist.service';

/** The modules that keep queues. Each answers only what the actor's permissions and scope allow. */
export const WORKLIST_SOURCES: readonly SectionSource[] = [verificationSections, dynamicSections, oversightSections, surveySections, aidSections, mutualAidSections];
