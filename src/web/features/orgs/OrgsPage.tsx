import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Input, List, Row, Space, Spin, Tag, Tooltip, Tree, Typography } from 'antd';
import type { GetRef, TreeDataNode } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { OrgDto } from '../../../contracts/orgs';
import { api } from '../../app/api';
import { useT } from '../../app/i18n';
import { LoadError } from '../../ui/results';
import { Mono, OrgKindTag } from '../../ui/tags';
import { fetchChildren, orgKeys, searchOrgs, useRootOrg } from './api';
import { OrgDetail, OrgDetailEmpty, type OrgChange } from './OrgDetail';

interface OrgNode extends TreeDataNode {
  key: string;
  org: OrgDto;
  children?: OrgNode[];
}

function useTreeHeight(): number {
  const [h, setH] = useState(() => Math.max(360, window.innerHeight - 250));
  useEffect(() => {
    const on = () => setH(Math.max(360, window.innerHeight - 250));
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return h;
}

export default function OrgsPage() {
  const t = useT();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('id');
  const root = useRootOrg();
  const [opened, setOpened] = useState<string[]>([]);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [searchText, setSearchText] = useState('');
  const [q, setQ] = useState('');
  const treeRef = useRef<GetRef<typeof Tree>>(null);
  const treeHeight = useTreeHeight();
  const located = useRef<string | null>(null);

  const levels = useQueries({
    queries: opened.map((id) => ({ queryKey: orgKeys.children(id), queryFn: () => fetchChildren(id) })),
    combine: (rs) => {
      const m = new Map<string, OrgDto[]>();
      rs.forEach((r, i) => r.data && m.set(opened[i], r.data));
      return m;
    },
  });

  const search = useQuery({ queryKey: orgKeys.search(q), queryFn: () => searchOrgs(q, undefined, 100), enabled: q.length > 0 });

  const select = useCallback(
    (id: string | null) => {
      setParams(id ? { id } : {}, { replace: false });
    },
    [setParams],
  );

  const open = useCallback(
    async (id: string) => {
      await qc.fetchQuery({ queryKey: orgKeys.children(id), queryFn: () => fetchChildren(id) });
      setOpened((o) => (o.includes(id) ? o : [...o, id]));
    },
    [qc],
  );

  // the root's children are fetched ahead, so opening the root is instant; the tree starts folded
  useEffect(() => {
    if (root.data && root.data.childCount > 0 && !opened.includes(root.data.id)) void open(root.data.id);
  }, [root.data, opened, open]);

  /** Opens every level from the root down to the org and selects it; false when it is not under the root. */
  const locate = useCallback(
    async (id: string): Promise<boolean> => {
      const rootId = root.data?.id;
      if (!rootId) return false;
      const chain = await qc.fetchQuery({ queryKey: orgKeys.ancestors(id), queryFn: async () => (await api<{ items: OrgDto[] }>(`/api/v1/orgs/${id}/ancestors`)).items });
      const start = chain.findIndex((a) => a.id === rootId);
      if (start < 0) return false;
      const path = chain.slice(start, -1).map((a) => a.id);
      for (const p of path) await open(p);
      setExpanded((e) => [...new Set([...e, ...path])]);
      setTimeout(() => treeRef.current?.scrollTo({ key: id, align: 'auto', offset: 40 }), 50);
      return true;
    },
    [qc, open, root.data],
  );

  const [inTree, setInTree] = useState(true);
  // a deep link (?id=) or a pick from the search results opens the tree down to the org
  useEffect(() => {
    if (!selectedId || !root.data || located.current === selectedId) return;
    located.current = selectedId;
    const known = selectedId === root.data.id || [...levels.values()].some((l) => l.some((o) => o.id === selectedId));
    if (known) {
      setInTree(true);
      return;
    }
    void locate(selectedId).then(setInTree, () => setInTree(false));
  }, [selectedId, root.data, levels, locate]);

  // with nothing chosen, the detail panel shows the actor's own org
  const shownId = selectedId ?? root.data?.id ?? null;

  const treeData = useMemo<OrgNode[]>(() => {
    if (!root.data) return [];
    const build = (o: OrgDto): OrgNode => {
      const kids = levels.get(o.id);
      return { key: o.id, org: o, title: o.name, isLeaf: o.childCount === 0 && !kids?.length, children: kids?.map(build) };
    };
    return [build(root.data)];
  }, [root.data, levels]);

  const onChanged = useCallback(
    async (c: OrgChange) => {
      await qc.invalidateQueries({ queryKey: orgKeys.all });
      if (c.type === 'created') {
        if (c.org.parentId) {
          await open(c.org.parentId);
          setExpanded((e) => [...new Set([...e, c.org.parentId!])]);
        }
        select(c.org.id);
      } else if (c.type === 'moved') {
        located.current = null;
        setInTree(await locate(c.org.id));
      }
    },
    [qc, open, select, locate],
  );

  const refreshAll = () => void qc.invalidateQueries({ queryKey: orgKeys.all });

  if (root.isError) return <LoadError error={root.error} onRetry={() => root.refetch()} />;

  return (
    <Row gutter={16} wrap={false}>
      <Col flex="400px" style={{ minWidth: 340, maxWidth: 400 }}>
        <Card
          title={t('org.tree')}
          size="small"
          extra={
            <Tooltip title={t('common.refresh')}>
              <Button type="text" size="small" icon={<ReloadOutlined />} onClick={refreshAll} aria-label={t('common.refresh')} />
            </Tooltip>
          }
          styles={{ body: { padding: 12 } }}
        >
          <Input.Search
            placeholder={t('org.searchPlaceholder')}
            allowClear
            value={searchText}
            onChange={(e) => {
              setSearchText(e.target.value);
              if (!e.target.value) setQ('');
            }}
            onSearch={(v) => setQ(v.trim())}
            style={{ marginBottom: 12 }}
            data-testid="org-search"
            maxLength={50}
          />
          {q ? (
            <div data-testid="org-search-results">
              <Space style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }}>
                <Typography.Text type="secondary">{t('org.searchResults', { count: search.data?.items.length ?? 0 })}</Typography.Text>
                <Button
                  size="small"
                  type="link"
                  icon={<ArrowLeftOutlined />}
                  onClick={() => {
                    setQ('');
                    setSearchText('');
                  }}
                >
                  {t('org.backToTree')}
                </Button>
              </Space>
              <List<OrgDto>
                size="small"
                loading={search.isFetching}
                dataSource={search.data?.items ?? []}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.noResults')} /> }}
                style={{ maxHeight: treeHeight, overflow: 'auto' }}
                renderItem={(o) => (
                  <List.Item
                    onClick={() => {
                      located.current = null;
                      select(o.id);
                    }}
                    style={{ cursor: 'pointer', background: o.id === shownId ? '#e6f0fb' : undefined, paddingInline: 8 }}
                  >
                    <div style={{ width: '100%' }}>
                      <Space size={6} wrap>
                        <span>{o.name}</span>
                        <OrgKindTag kind={o.kind} />
                        {!o.active && <Tag>{t('common.inactive')}</Tag>}
                      </Space>
                      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
                        <Mono>{o.code}</Mono> {o.regionName ? `· ${o.regionName}` : ''}
                      </div>
                    </div>
                  </List.Item>
                )}
              />
            </div>
          ) : (
            <div data-testid="org-tree">
              {root.isPending ? (
                <div style={{ textAlign: 'center', padding: 40 }}>
                  <Spin />
                </div>
              ) : (
                <Tree<OrgNode>
                  ref={treeRef}
                  treeData={treeData}
                  height={treeHeight}
                  blockNode
                  showLine={{ showLeafIcon: false }}
                  expandedKeys={expanded}
                  onExpand={(keys) => setExpanded(keys as string[])}
                  loadedKeys={[...levels.keys()]}
                  loadData={async (node) => {
                    await open(node.key);
                  }}
                  selectedKeys={shownId ? [shownId] : []}
                  onSelect={(keys) => {
                    if (keys.length) {
                      located.current = String(keys[0]);
                      setInTree(true);
                      select(String(keys[0]));
                    }
                  }}
                  titleRender={(n) => (
                    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap' }} data-org-id={n.org.id}>
                      <span style={{ color: n.org.active ? undefined : 'rgba(0,0,0,0.4)' }}>{n.org.name}</span>
                      <OrgKindTag kind={n.org.kind} />
                      {!n.org.active && <Tag style={{ marginInlineEnd: 0 }}>{t('common.inactive')}</Tag>}
                    </span>
                  )}
                />
              )}
            </div>
          )}
        </Card>
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        {shownId ? (
          <>
            {!inTree && <Typography.Paragraph type="secondary">{t('org.notInTree')}</Typography.Paragraph>}
            <OrgDetail
              key={shownId}
              id={shownId}
              inTree={inTree}
              onSelect={(id) => {
                located.current = null;
                select(id);
              }}
              onLocate={(id) => {
                setQ('');
                setSearchText('');
                void locate(id).then(setInTree);
              }}
              onChanged={onChanged}
            />
          </>
        ) : (
          <OrgDetailEmpty />
        )}
      </Col>
    </Row>
  );
}
