import { Alert, Button, Card, Select, Space, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Permission } from '../../../contracts/auth';
import { CATEGORY_LABELS, LEVEL_LABELS } from '../../../contracts/registry';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { showError, toast } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { OrgTreeSelect } from '../orgs/OrgTreeSelect';
import { RegionSelect } from '../registry/inputs';
import { dynamicKeys, exportFiles, listFiles, type DynamicListItem, type ListFilters, type ListKind } from './api';
import { FileCell, LoadMore, useCursorList, useLabel } from './shared';

function FileList({ kind }: { kind: ListKind }) {
  const t = useT();
  const label = useLabel();
  const { can } = useAuth();
  const [f, setF] = useState<ListFilters>({});
  const [exporting, setExporting] = useState(false);
  const list = useCursorList(dynamicKeys.list(kind, f), (c) => listFiles(kind, f, c));
  const doExport = async () => {
    setExporting(true);
    try {
      await exportFiles(kind, f);
      toast()?.success(t('common.exported', { count: list.rows.length }));
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };
  const columns: TableColumnsType<DynamicListItem> = [
    { title: t('dyn.col.file'), key: 'file', render: (_, r) => <FileCell id={r.householdId} archiveNo={r.archiveNo} workerName={r.workerName} /> },
    { title: t('dyn.col.org'), dataIndex: 'orgName' },
    { title: t('dyn.col.region'), dataIndex: 'regionName', render: (v: string | null, r) => v ?? r.regionCode },
    {
      title: t('dyn.col.category'),
      key: 'cat',
      render: (_, r) => `${label(CATEGORY_LABELS, r.category as keyof typeof CATEGORY_LABELS | null)} ${r.level ? label(LEVEL_LABELS, r.level as keyof typeof LEVEL_LABELS) : ''}`,
    },
    { title: t('dyn.col.approvedOn'), dataIndex: 'approvedOn', width: 110 },
    { title: t('dyn.col.lastTouched'), dataIndex: 'lastTouchedAt', width: 160, render: (v: string) => formatDateTime(v) },
    { title: t('dyn.lists.completed'), dataIndex: 'completedMeasures', width: 100 },
  ];
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t(kind === 'untouched' ? 'dyn.lists.untouchedHint' : 'dyn.lists.neverHint')} data-testid={`list-hint-${kind}`} />
      <Space wrap>
        <OrgTreeSelect style={{ width: 240 }} allowClear placeholder={t('dyn.col.org')} value={f.orgId} onChange={(orgId) => setF({ ...f, orgId })} data-testid={`list-org-${kind}`} />
        <RegionSelect style={{ width: 200 }} placeholder={t('dyn.col.region')} value={f.regionCode} onChange={(regionCode) => setF({ ...f, regionCode })} data-testid={`list-region-${kind}`} />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('dyn.col.category')}
          value={f.category}
          onChange={(category) => setF({ ...f, category })}
          data-testid={`list-category-${kind}`}
          options={(['dibao', 'near_dibao', 'accident'] as const).map((c) => ({ value: c, label: label(CATEGORY_LABELS, c) }))}
        />
        {can(Permission.RegistryExport) && (
          <Button onClick={() => void doExport()} loading={exporting} data-testid={`list-export-${kind}`}>
            {t('common.export')}
          </Button>
        )}
      </Space>
      {list.error ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table rowKey="householdId" size="small" loading={list.isLoading} dataSource={list.rows} columns={columns} pagination={false} data-testid={`list-${kind}`} scroll={{ x: 900 }} />
      <LoadMore list={list} testId={`list-more-${kind}`} />
    </Space>
  );
}

export default function ListsPage() {
  const t = useT();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="dynamic-lists-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('dyn.lists.title')}
      </Typography.Title>
      <Card size="small">
        <Tabs
          destroyOnHidden
          items={[
            { key: 'untouched', label: <span data-testid="tab-untouched">{t('dyn.lists.untouched')}</span>, children: <FileList kind="untouched" /> },
            { key: 'never', label: <span data-testid="tab-never">{t('dyn.lists.never')}</span>, children: <FileList kind="never-assisted" /> },
          ]}
        />
      </Card>
    </Space>
  );
}
