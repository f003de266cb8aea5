import { createHash } from 'node:crypto';
import { canonicalJson } from '../../platform/audit/audit.rules';

/** What a signature covers: the visit as submitted, the files by their hashes, the signer and the statement. */
export interface SignedContent {
  visitId: string;
  taskId: string;
  householdId: string;
  signerUserId: string;
  statement: string;
  visitDate: string;
  checklist: unknown;
  found: { size: number; annualIncomeFen: number; housing: string };
  fourLooks: Record<string, string>;
  findings: string;
  recommendation: { category: string; level: string | null; measures: string[]; aidFen: number; note: string | null };
  attachments: Array<{ id: string; sha256: string }>;
}

/** SHA-256 (hex) of the canonical JSON (keys sorted at every level) of the signed content. */
export function contentHash(c: SignedContent): string {
  const attachments = [...c.attachments].sort((a, b) => (a.id < b.id ? -1 : 1));
  return createHash('sha256').update(canonicalJson({ ...c, attachments })).digest('hex');
}
