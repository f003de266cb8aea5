import { DeleteOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Tooltip, Typography } from 'antd';
import { createContext, useContext, type CSSProperties, type ReactNode } from 'react';
import { useT, type MsgKey, type Translator } from '../../app/i18n';
import type { FormIssue } from './scheme-form.rules';

/** The issues of the scheme form by path, and whether it is read only: every field picks its own. */
export const SchemeFormContext = createContext<{ issues: Map<string, FormIssue[]>; readOnly: boolean }>({ issues: new Map(), readOnly: false });

export function issueText(t: Translator, i: FormIssue): string {
  return 'problem' in i ? t(`msf.err.${i.problem}` as MsgKey) : t.label({ zh: i.zh, en: i.en });
}

/** Problems of a scheme in one alert, each with its path in code type; no list when there are none. */
export function IssueListAlert({ type, message, items, maxHeight, testId }: { type: 'error' | 'warning'; message: ReactNode; items: { path?: string; text: ReactNode }[]; maxHeight?: number; testId: string }) {
  return (
    <Alert
      type={type}
      showIcon
      message={message}
      data-testid={testId}
      description={
        items.length > 0 ? (
          <ul style={{ margin: 0, paddingLeft: 18, ...(maxHeight ? { maxHeight, overflow: 'auto' } : {}) }}>
            {items.map((d, i) => (
              <li key={i}>
                <Typography.Text code>{d.path}</Typography.Text> {d.text}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

/** The texts of the issues at a path of the scheme (`plans.0.amountFen`). */
export function useIssues(path: string): string[] {
  const t = useT();
  const { issues } = useContext(SchemeFormContext);
  return (issues.get(path) ?? []).map((i) => issueText(t, i));
}

export function useReadOnly(): boolean {
  return useContext(SchemeFormContext).readOnly;
}

/** A labelled field showing the problems at its scheme path (or paths) under it. */
export function Field({ path, label, children, extra, style }: { path: string | string[]; label?: ReactNode; children: ReactNode; extra?: ReactNode; style?: CSSProperties }) {
  const paths = Array.isArray(path) ? path : [path];
  const t = useT();
  const { issues } = useContext(SchemeFormContext);
  const texts = paths.flatMap((p) => (issues.get(p) ?? []).map((i) => issueText(t, i)));
  return (
    <Form.Item label={label} validateStatus={texts.length ? 'error' : undefined} help={texts.length ? texts.join('；') : undefined} extra={extra} style={{ marginBottom: 12, ...style }} data-path={paths[0]}>
      {children}
    </Form.Item>
  );
}

/** Problems that belong to a whole group (a list, a row): shown as a line of red text. */
export function GroupIssues({ path, testId }: { path: string; testId?: string }) {
  const texts = useIssues(path);
  if (!texts.length) return null;
  return (
    <Typography.Text type="danger" style={{ display: 'block', marginBottom: 8 }} data-testid={testId} data-path={path}>
      {texts.join('；')}
    </Typography.Text>
  );
}

/** Yuan typed as text (converted to fen exactly by the form's rules). */
export function YuanInput({ value, onChange, testId, style }: { value: string; onChange: (v: string) => void; testId?: string; style?: CSSProperties }) {
  const t = useT();
  return <Input value={value} onChange={(e) => onChange(e.target.value)} inputMode="decimal" suffix={t('msf.yuan')} style={{ maxWidth: 220, ...style }} data-testid={testId} />;
}

/** A percentage typed as text (converted to basis points exactly). */
export function PercentInput({ value, onChange, testId }: { value: string; onChange: (v: string) => void; testId?: string }) {
  return <Input value={value} onChange={(e) => onChange(e.target.value)} inputMode="decimal" suffix="%" style={{ maxWidth: 140 }} data-testid={testId} />;
}

/** A whole number typed as text. */
export function IntInput({ value, onChange, suffix, testId }: { value: string; onChange: (v: string) => void; suffix?: string; testId?: string }) {
  return <Input value={value} onChange={(e) => onChange(e.target.value)} inputMode="numeric" suffix={suffix} style={{ maxWidth: 160 }} data-testid={testId} />;
}

/** A remove button, hidden when the form is read only. */
export function RemoveButton({ onClick, testId }: { onClick: () => void; testId?: string }) {
  const t = useT();
  if (useReadOnly()) return null;
  return (
    <Tooltip title={t('msf.remove')}>
      <Button type="text" danger icon={<DeleteOutlined />} onClick={onClick} aria-label={t('msf.remove')} data-testid={testId} />
    </Tooltip>
  );
}

/** Select options from a contract's label table. */
export function labelOptions<K extends string>(t: Translator, labels: Record<K, { zh: string; en: string }>, keys: readonly K[]) {
  return keys.map((k) => ({ value: k, label: t.label(labels[k]) }));
}

/** Replaces the item at i of a list. */
export function replaceAt<T>(list: readonly T[], i: number, next: T): T[] {
  return list.map((x, j) => (j === i ? next : x));
}
export function removeAt<T>(list: readonly T[], i: number): T[] {
  return list.filter((_x, j) => j !== i);
}
