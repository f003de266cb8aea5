import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useT } from '../../app/i18n';
import { useRegions, type Region } from './api';

interface RegionNode {
  value: string;
  title: string;
  key: string;
  children?: RegionNode[];
}

/** Builds the province → city → county tree from the flat division list. */
function toTree(items: Region[]): RegionNode[] {
  const byCode = new Map<string, RegionNode>();
  for (const r of items) byCode.set(r.code, { value: r.code, key: r.code, title: `${r.name}（${r.code}）` });
  const roots: RegionNode[] = [];
  for (const r of items) {
    const node = byCode.get(r.code)!;
    const parent = r.parentCode ? byCode.get(r.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** A GB/T 2260 division inside `within` (e.g. the parent federation's division). */
export function RegionPicker({
  within,
  value,
  onChange,
  id,
  disabled,
}: {
  within: string;
  value?: string;
  onChange?: (code: string | undefined) => void;
  id?: string;
  disabled?: boolean;
}) {
  const t = useT();
  const regions = useRegions(within);
  const tree = useMemo(() => toTree(regions.data ?? []), [regions.data]);
  return (
    <TreeSelect<string, RegionNode>
      id={id}
      data-testid="region-picker"
      disabled={disabled}
      loading={regions.isPending}
      value={value}
      onChange={(v) => onChange?.(v)}
      treeData={tree}
      treeDefaultExpandedKeys={tree.map((n) => n.key)}
      showSearch={{ filterTreeNode: (input, node) => String(node.title ?? '').toLowerCase().includes(input.toLowerCase()) }}
      placeholder={t('org.regionPlaceholder')}
      allowClear
      listHeight={320}
    />
  );
}
