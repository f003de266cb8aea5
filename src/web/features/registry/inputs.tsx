import { Input, Select, TreeSelect, Typography } from 'antd';
import { useMemo, useState, type CSSProperties } from 'react';
import { useAuth } from '../../app/auth';
import { type Translator, useT } from '../../app/i18n';
import { useDebounced } from '../../ui/useDebounced';
import { useRegions, type Region } from '../orgs/api';
import { useAssignableUsers } from './api';
import { decimalToScaled, yuanTextToFen } from './numbers';

/** An amount in yuan as text ("1234.56"); the form converts it to fen exactly when it is sent. */
export function YuanInput(props: { value?: string; onChange?: (v: string) => void; id?: string; placeholder?: string; style?: CSSProperties; disabled?: boolean; 'data-testid'?: string; size?: 'small' | 'middle' }) {
  const t = useT();
  return (
    <Input
      id={props.id}
      value={props.value}
      onChange={(e) => props.onChange?.(e.target.value)}
      inputMode="decimal"
      placeholder={props.placeholder ?? '0.00'}
      suffix={<span style={{ color: 'rgba(0,0,0,0.45)' }}>{t('unit.yuan')}</span>}
      style={props.style}
      disabled={props.disabled}
      maxLength={16}
      autoComplete="off"
      data-testid={props['data-testid']}
      size={props.size}
    />
  );
}

/** Form rule for YuanInput: a non-negative amount with at most two decimals, below `maxFen`. */
export function yuanRule(t: Translator, opts: { required?: boolean; field?: string; maxFen?: number; minFen?: number } = {}) {
  return {
    validator: async (_: unknown, v: string | undefined) => {
      const s = (v ?? '').trim();
      if (!s) {
        if (opts.required) throw new Error(t('common.required', { field: opts.field ?? '' }));
        return;
      }
      const fen = yuanTextToFen(s);
      if (fen === null) throw new Error(t('money.invalid'));
      if (opts.minFen !== undefined && fen < opts.minFen) throw new Error(t('money.tooSmall'));
      if (fen > (opts.maxFen ?? 100_000_000_00)) throw new Error(t('money.tooLarge'));
    },
  };
}

/** Form rule for a decimal typed as text, scaled exactly into an integer between min and max. */
export function decimalRule(t: Translator, decimals: number, min: number, max: number, message: string) {
  return {
    validator: async (_: unknown, v: string | undefined) => {
      const s = (v ?? '').trim();
      if (!s) throw new Error(message);
      const n = decimalToScaled(s, decimals);
      if (n === null || n < min || n > max) throw new Error(message);
    },
  };
}

interface RegionNode {
  value: string;
  title: string;
  key: string;
  selectable: boolean;
  children?: RegionNode[];
}

function regionTree(items: Region[], countyOnly: boolean): RegionNode[] {
  const byCode = new Map<string, RegionNode>();
  for (const r of items) byCode.set(r.code, { value: r.code, key: r.code, title: `${r.name}（${r.code}）`, selectable: !countyOnly || r.code.length === 6 });
  const roots: RegionNode[] = [];
  for (const r of items) {
    const node = byCode.get(r.code)!;
    const parent = r.parentCode ? byCode.get(r.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/**
 * The division the actor works in, for pickers: its scope's region, else its org's, else the
 * deepest division code on its org path (/52/5203/520302/520302-G0002/ → 520302), else the province.
 */
export function useActorRegion(): string {
  const { me } = useAuth();
  const fromPath = me.scope.orgPath
    .split('/')
    .filter((s) => /^\d{2}(\d{2}){0,2}$/.test(s))
    .pop();
  return me.scope.regionCode ?? me.org.regionCode ?? fromPath ?? '52';
}

/**
 * A GB/T 2260 division: the province's tree opened down to the actor's own division. With
 * `countyOnly`, only county-level (6-digit) codes can be chosen.
 */
export function RegionSelect({
  value,
  onChange,
  within,
  countyOnly,
  id,
  placeholder,
  style,
  allowClear = true,
  disabled,
  'data-testid': testId,
}: {
  value?: string;
  onChange?: (code: string | undefined) => void;
  within?: string;
  countyOnly?: boolean;
  id?: string;
  placeholder?: string;
  style?: CSSProperties;
  allowClear?: boolean;
  disabled?: boolean;
  'data-testid'?: string;
}) {
  const t = useT();
  const home = useActorRegion();
  const root = within ?? home.slice(0, 2);
  const regions = useRegions(root);
  const tree = useMemo(() => regionTree(regions.data ?? [], !!countyOnly), [regions.data, countyOnly]);
  const expanded = useMemo(() => {
    // open the tree from its root down to the chosen (or the actor's own) division
    const keys = new Set<string>([root]);
    const target = value ?? home;
    for (let n = 2; n <= Math.min(target.length, 4); n += 2) keys.add(target.slice(0, n));
    return [...keys];
  }, [value, home, root]);
  return (
    <TreeSelect<string, RegionNode>
      // mounted again once the divisions arrive, so the default expansion applies to them
      key={tree.length ? 'loaded' : 'loading'}
      id={id}
      data-testid={testId}
      disabled={disabled}
      loading={regions.isPending}
      value={value}
      onChange={(v) => onChange?.(v)}
      treeData={tree}
      treeDefaultExpandedKeys={expanded}
      showSearch={{ filterTreeNode: (input, node) => String(node.title ?? '').toLowerCase().includes(input.toLowerCase()) }}
      placeholder={placeholder ?? (countyOnly ? t('region.countyPlaceholder') : t('org.regionPlaceholder'))}
      allowClear={allowClear}
      listHeight={320}
      style={style}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 280 } } }}
    />
  );
}

/** Region code → name from the province's division list (for labels outside pickers). */
export function useRegionNames(): Map<string, string> {
  const home = useActorRegion();
  const regions = useRegions(home.slice(0, 2));
  return useMemo(() => new Map((regions.data ?? []).map((r) => [r.code, r.name])), [regions.data]);
}

/**
 * Picks a user in the actor's subtree (a responsible person, a measure's owner). Without user.read
 * (cadres) the list cannot be read: the picker then offers the actor alone.
 */
export function UserPicker({
  value,
  onChange,
  currentLabel,
  id,
  placeholder,
  allowClear,
  'data-testid': testId,
}: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  currentLabel?: string;
  id?: string;
  placeholder?: string;
  allowClear?: boolean;
  'data-testid'?: string;
}) {
  const t = useT();
  const { me } = useAuth();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const users = useAssignableUsers(me.org.id, q);
  const forbidden = users.data?.forbidden ?? false;
  const options = useMemo(() => {
    const mine = { value: me.user.id, label: `${me.user.displayName}（${t('hh.me')}）` };
    const list = (users.data?.items ?? []).filter((u) => u.id !== me.user.id).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username} · ${u.orgName}）` }));
    const out = [mine, ...list];
    if (value && currentLabel && !out.some((o) => o.value === value)) out.push({ value, label: currentLabel });
    return out;
  }, [users.data, me, t, value, currentLabel]);
  return (
    <>
      <Select
        id={id}
        data-testid={testId}
        value={value}
        onChange={(v) => onChange?.(v)}
        options={options}
        allowClear={allowClear}
        placeholder={placeholder ?? t('hh.pickUser')}
        loading={users.isFetching}
        showSearch={forbidden ? false : { searchValue: search, onSearch: setSearch, filterOption: false }}
        notFoundContent={null}
      />
      {forbidden && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('hh.usersForbidden')}
        </Typography.Text>
      )}
    </>
  );
}
