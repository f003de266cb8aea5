import { Tag, Tooltip } from 'antd';
import {
  CATEGORY_LABELS,
  LEVEL_LABELS,
  STATUS_LABELS,
  type Category,
  type HouseholdStatus,
  type Level,
} from '../../../contracts/registry';
import { type Bilingual, type Translator, useT } from '../../app/i18n';

/** The label of an enum value in the current language, from one of the contracts' label tables. */
export function enumLabel<T extends string>(t: Translator, labels: Record<T, Bilingual>, value: T | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return t.label(labels[value as T], String(value));
}

/** Select options of an enum, in its declared order. */
export function enumOptions<T extends string>(t: Translator, values: readonly T[], labels: Record<T, Bilingual>) {
  return values.map((v) => ({ value: v, label: t.label(labels[v], v) }));
}

export const CATEGORY_COLORS: Record<Category, string> = { dibao: 'red', near_dibao: 'orange', accident: 'purple', not_eligible: 'default' };
export const CATEGORY_HEX: Record<Category, string> = { dibao: '#cf1322', near_dibao: '#fa8c16', accident: '#722ed1', not_eligible: '#8c8c8c' };
export const LEVEL_COLORS: Record<Level, string> = { deep: 'magenta', relative: 'gold', general: 'blue' };
export const LEVEL_HEX: Record<Level, string> = { deep: '#c41d7f', relative: '#d48806', general: '#1f5aa6' };
export const STATUS_COLORS: Record<HouseholdStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  verified: 'cyan',
  approved: 'success',
  exited: 'lime',
  cancelled: 'error',
};
export const STATUS_HEX: Record<HouseholdStatus, string> = {
  draft: '#8c8c8c',
  submitted: '#1677ff',
  verified: '#13c2c2',
  approved: '#52c41a',
  exited: '#a0d911',
  cancelled: '#ff4d4f',
};

export function CategoryTag({ value, big }: { value: Category | null | undefined; big?: boolean }) {
  const t = useT();
  if (!value) return <Tag style={{ marginInlineEnd: 0 }}>{t('hh.category.none')}</Tag>;
  return (
    <Tag color={CATEGORY_COLORS[value]} style={{ marginInlineEnd: 0, ...(big ? { fontSize: 15, padding: '2px 10px' } : {}) }} data-testid="category-tag">
      {enumLabel(t, CATEGORY_LABELS, value)}
    </Tag>
  );
}

export function LevelTag({ value, big }: { value: Level | null | undefined; big?: boolean }) {
  const t = useT();
  if (!value) return null;
  return (
    <Tag color={LEVEL_COLORS[value]} variant="outlined" style={{ marginInlineEnd: 0, ...(big ? { fontSize: 15, padding: '2px 10px' } : {}) }} data-testid="level-tag">
      {enumLabel(t, LEVEL_LABELS, value)}
    </Tag>
  );
}

export function StatusTag({ value }: { value: HouseholdStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLORS[value]} style={{ marginInlineEnd: 0 }} data-testid="status-tag">
      {enumLabel(t, STATUS_LABELS, value)}
    </Tag>
  );
}

/** A small tag with a tooltip, for flags and secondary causes in dense tables. */
export function SmallTag({ children, color, title }: { children: string; color?: string; title?: string }) {
  const tag = (
    <Tag color={color} style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '18px', paddingInline: 5 }}>
      {children}
    </Tag>
  );
  return title ? <Tooltip title={title}>{tag}</Tooltip> : tag;
}
