import { Tag } from 'antd';
import { CLAIM_STATUS_LABELS, type ClaimStatus } from '../../../contracts/mutual-aid-claims';
import { REASON_LABELS, type Reason } from '../../../contracts/mutual-aid';
import { useT } from '../../app/i18n';

export const CLAIM_STATUS_COLORS: Record<ClaimStatus, string> = {
  received: 'default',
  adjudicated: 'processing',
  approved: 'blue',
  paid: 'success',
  rejected: 'error',
  reversed: 'warning',
};

export const REASON_COLORS: Record<Reason, string> = {
  waiting_period: 'gold',
  not_covered: 'default',
  max_claims: 'purple',
  not_enrolled: 'red',
  below_threshold: 'blue',
  cap_reached: 'orange',
};

/** A claim's status as a coloured tag. */
export function ClaimStatusTag({ status }: { status: ClaimStatus }) {
  const t = useT();
  return (
    <Tag color={CLAIM_STATUS_COLORS[status]} data-testid={`claim-status-${status}`}>
      {t.label(CLAIM_STATUS_LABELS[status], status)}
    </Tag>
  );
}

/** Why the engine paid nothing, as a tag (nothing when it paid). */
export function ClaimReasonTag({ reason }: { reason: Reason | null | undefined }) {
  const t = useT();
  if (!reason) return null;
  return <Tag color={REASON_COLORS[reason]}>{t.label(REASON_LABELS[reason], reason)}</Tag>;
}
