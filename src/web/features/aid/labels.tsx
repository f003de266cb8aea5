import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Tag, Typography } from 'antd';
import { useCallback, useRef } from 'react';
import {
  AWARD_STATUS_LABELS,
  BATCH_STATUS_LABELS,
  OBJECTION_STATUS_LABELS,
  PAYMENT_STATUS_LABELS,
  PROGRAM_STATUS_LABELS,
  PROGRAM_TYPE_LABELS,
  RECOVERY_STATUS_LABELS,
  type AwardStatus,
  type BatchStatus,
  type CheckLine,
  type PaymentStatus,
  type ProgramStatus,
  type ProgramType,
  type RecoveryStatus,
} from '../../../contracts/aid';
import { useT } from '../../app/i18n';
import { formatFen } from '../../ui/format';
import { enumLabel } from '../registry/labels';
import { newIdempotencyKey } from './api';

const AWARD_COLORS: Record<AwardStatus, string> = {
  submitted: 'processing',
  rejected: 'error',
  withdrawn: 'default',
  approved: 'cyan',
  in_notice: 'blue',
  objected: 'warning',
  confirmed: 'geekblue',
  batched: 'purple',
  paid: 'success',
  failed: 'error',
  revoked: 'magenta',
};
const BATCH_COLORS: Record<BatchStatus, string> = { draft: 'default', exported: 'processing', settled: 'success', cancelled: 'error' };
const PAYMENT_COLORS: Record<string, string> = { pending: 'processing', paid: 'success', failed: 'error', cancelled: 'default' };
const RECOVERY_COLORS: Record<RecoveryStatus, string> = { open: 'warning', settled: 'success', written_off: 'default' };
const OBJECTION_COLORS = { open: 'warning', upheld: 'error', dismissed: 'success' } as const;

const tagStyle = { marginInlineEnd: 0 };

export function AwardStatusTag({ value, testId }: { value: AwardStatus; testId?: string }) {
  const t = useT();
  return (
    <Tag color={AWARD_COLORS[value] ?? 'default'} style={tagStyle} data-testid={testId}>
      {enumLabel(t, AWARD_STATUS_LABELS, value)}
    </Tag>
  );
}

export function BatchStatusTag({ value }: { value: BatchStatus }) {
  const t = useT();
  return (
    <Tag color={BATCH_COLORS[value] ?? 'default'} style={tagStyle} data-testid="batch-status">
      {enumLabel(t, BATCH_STATUS_LABELS, value)}
    </Tag>
  );
}

export function PaymentStatusTag({ value, testId }: { value: PaymentStatus; testId?: string }) {
  const t = useT();
  return (
    <Tag color={PAYMENT_COLORS[value] ?? 'default'} style={tagStyle} data-testid={testId}>
      {enumLabel(t, PAYMENT_STATUS_LABELS, value)}
    </Tag>
  );
}

export function RecoveryStatusTag({ value }: { value: RecoveryStatus }) {
  const t = useT();
  return (
    <Tag color={RECOVERY_COLORS[value] ?? 'default'} style={tagStyle} data-testid="recovery-status">
      {enumLabel(t, RECOVERY_STATUS_LABELS, value)}
    </Tag>
  );
}

export function ObjectionStatusTag({ value }: { value: 'open' | 'upheld' | 'dismissed' }) {
  const t = useT();
  return (
    <Tag color={OBJECTION_COLORS[value] ?? 'default'} style={tagStyle}>
      {enumLabel(t, OBJECTION_STATUS_LABELS, value)}
    </Tag>
  );
}

export function ProgramStatusTag({ value }: { value: ProgramStatus }) {
  const t = useT();
  return (
    <Tag color={value === 'open' ? 'green' : 'default'} style={tagStyle} data-testid="program-status">
      {enumLabel(t, PROGRAM_STATUS_LABELS, value)}
    </Tag>
  );
}

/** The program's type, or its custom name. */
export function programTypeText(t: ReturnType<typeof useT>, type: ProgramType, customType?: string | null): string {
  return type === 'custom' && customType ? customType : enumLabel(t, PROGRAM_TYPE_LABELS, type);
}

/** Money in fen shown as yuan, monospaced digits. */
export function Money({ fen, strong, type, testId }: { fen: number | null | undefined; strong?: boolean; type?: 'success' | 'danger' | 'warning' | 'secondary'; testId?: string }) {
  return (
    <Typography.Text strong={strong} type={type} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }} data-testid={testId}>
      {formatFen(fen)}
    </Typography.Text>
  );
}

/** Each eligibility rule with ✓ or ✗ and its explanation. */
export function CheckLines({ checks, testId = 'eligibility-checks' }: { checks: CheckLine[]; testId?: string }) {
  const t = useT();
  return (
    <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid={testId}>
      {checks.map((c) => (
        <li key={c.rule} style={{ display: 'flex', gap: 8, alignItems: 'baseline', padding: '3px 0' }} data-testid={`check-${c.rule}`} data-ok={c.ok ? 'true' : 'false'}>
          {c.ok ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <CloseCircleFilled style={{ color: '#ff4d4f' }} />}
          <span>{t.label(c)}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The Idempotency-Key of one user action that moves money: the same key while that action is retried
 * (after a failure), a fresh one once it has succeeded (`done()`).
 */
export function useActionKey(): { key: () => string; done: () => void } {
  const ref = useRef<string | null>(null);
  const key = useCallback(() => {
    if (!ref.current) ref.current = newIdempotencyKey();
    return ref.current;
  }, []);
  const done = useCallback(() => {
    ref.current = null;
  }, []);
  return { key, done };
}
