import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Spin, TreeSelect } from 'antd';
import { useCallback, useEffect, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import type { OrgDto } from '../../../contracts/orgs';
import { useT } from '../../app/i18n';
import { OrgKindTag } from '../../ui/tags';
import { useDebounced } from '../../ui/useDebounced';
import { fetchChildren, orgKeys, searchOrgs, useOrg, useRootOrg } from './api';

export interface OrgTreeSelectProps {
  value?: string | null;
  onChange?: (id: string | undefined, org: OrgDto | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  /** Orgs that may be shown (for context) but not picked: return true, or the reason to show. */
  disabledOrg?: (org: OrgDto) => boolean | string | null;
  /** Only orgs under this path (the actor's own subtree) are offered by the search. */
  withinPath?: string;
  style?: CSSProperties;
  id?: string;
  'data-testid'?: string;
}

const ROOT = '__root__';

interface Node {
  id: string;
  pId: string;
  value: string;
  title: string;
  isLeaf: boolean;
  disabled: boolean;
  reason: string | null;
  org: OrgDto;
}

/**
 * Picks one org from the actor's tree: levels load lazily as they are opened, and typing searches
 * the whole scope on the server (name or code).
 */
export function OrgTreeSelect({ value, onChange, placeholder, allowClear, disabledOrg, withinPath, style, id, ...rest }: OrgTreeSelectProps) {
  const t = useT();
  const qc = useQueryClient();
  const root = useRootOrg();
  const [loaded, setLoaded] = useState<Map<string, OrgDto[]>>(new Map());
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const selected = useOrg(value ?? null);

  const results = useQuery({
    queryKey: orgKeys.search(q),
    queryFn: () => searchOrgs(q, undefined, 50),
    enabled: q.length > 0,
  });

  const loadChildren = useCallback(
    async (parentId: string) => {
      const kids = await qc.fetchQuery({ queryKey: orgKeys.children(parentId), queryFn: () => fetchChildren(parentId) });
      setLoaded((m) => new Map(m).set(parentId, kids));
    },
    [qc],
  );

  useEffect(() => {
    if (root.data && !loaded.has(root.data.id) && root.data.childCount > 0) void loadChildren(root.data.id);
  }, [root.data, loaded, loadChildren]);

  const toNode = useCallback(
    (o: OrgDto, pId: string, leaf?: boolean): Node => {
      const d = disabledOrg ? disabledOrg(o) : false;
      return { id: o.id, pId, value: o.id, title: o.name, isLeaf: leaf ?? o.childCount === 0, disabled: !!d, reason: typeof d === 'string' ? d : null, org: o };
    },
    [disabledOrg],
  );

  const treeData = useMemo<Node[]>(() => {
    if (q) {
      const items = (results.data?.items ?? []).filter((o) => !withinPath || o.path.startsWith(withinPath));
      return items.map((o) => toNode(o, ROOT, true));
    }
    if (!root.data) return [];
    const out: Node[] = [toNode(root.data, ROOT)];
    for (const [parentId, kids] of loaded) for (const k of kids) out.push(toNode(k, parentId));
    return out;
  }, [q, results.data, root.data, loaded, toNode, withinPath]);

  const label = selected.data?.name ?? treeData.find((n) => n.id === value)?.title ?? value ?? undefined;

  return (
    <TreeSelect<{ value: string; label?: ReactNode } | undefined, Node>
      id={id}
      data-testid={rest['data-testid']}
      style={style}
      labelInValue
      value={value ? { value, label } : undefined}
      onChange={(v) => {
        const picked = v ? treeData.find((n) => n.id === v.value)?.org : undefined;
        onChange?.(v?.value, picked);
        setSearch('');
      }}
      treeDataSimpleMode={{ id: 'id', pId: 'pId', rootPId: ROOT }}
      treeData={treeData}
      loadData={async (node) => {
        const key = (node as unknown as { id: string }).id;
        if (!loaded.has(key)) await loadChildren(key);
      }}
      treeLoadedKeys={q ? [] : [...loaded.keys()]}
      treeDefaultExpandedKeys={root.data ? [root.data.id] : []}
      treeTitleRender={(n) => (
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
          <span>{n.org.name}</span>
          <OrgKindTag kind={n.org.kind} />
          {!n.org.active && <span style={{ color: '#999', fontSize: 12 }}>({t('common.inactive')})</span>}
          {q && <span style={{ color: '#999', fontSize: 12 }}>{n.org.code}</span>}
          {n.reason && <span style={{ color: '#bf8a30', fontSize: 12 }}>· {n.reason}</span>}
        </span>
      )}
      showSearch={{ searchValue: search, onSearch: setSearch, filterTreeNode: false, autoClearSearchValue: true }}
      notFoundContent={results.isFetching || root.isPending ? <Spin size="small" /> : t('org.noResults')}
      placeholder={placeholder ?? t('org.pickPlaceholder')}
      allowClear={allowClear}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 360 } } }}
      listHeight={360}
    />
  );
}
