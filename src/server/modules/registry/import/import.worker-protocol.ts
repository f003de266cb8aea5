import type { Actor } from '../../../platform/http/actor';
import type { DibaoLineRow } from '../dibao-line.table';
import type { OrgInfo, Prepared } from './import.prepare';
import type { Issue } from './import.rules';
import type { SpoolState } from './import.spool';

/** What the preparing thread (import.worker) is started with: plain data, copied into the thread. */
export interface PreparingThreadInit {
  spool: SpoolState;
  keys: { encKey: Uint8Array; macKey: Uint8Array };
  orgs: Map<string, OrgInfo | null>;
  actor: Actor;
  reportingOrg: { path: string; name: string };
  now: Date;
  year: number;
  lines: DibaoLineRow[];
  partition: { incomplete: boolean; haveHouseholds: boolean; haveMembers: boolean };
  batchSize: number;
  /** batches prepared before the writer asks for more */
  ahead: number;
}

/** From the preparing thread: a prepared batch with the issues found assembling its partition, the end, or a failure. */
export type PreparingThreadMessage =
  | { t: 'batch'; issues: Issue[]; invalid: number; batch: Prepared | null }
  | { t: 'done' }
  | { t: 'error'; message: string };
