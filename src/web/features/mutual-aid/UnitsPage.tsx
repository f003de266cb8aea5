import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Permission } from '../../../contracts/auth';
import { CREDIT_CODE_PATTERN, UNIT_PHONE_PATTERN, UNIT_STATUSES, UNIT_STATUS_LABELS, type UnitInput, type UnitStatus } from '../../../contracts/mutual-aid-enrolment';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { fileStamp, formatDateTime } from '../../ui/format';
import { LoadMore } from '../../ui/LoadMore';
import { LoadError } from '../../ui/results';
import { useBusyAction } from '../../ui/useBusyAction';
import { useCursorList } from '../../ui/useCursorList';
import { OrgTreeSelect } from '../orgs/OrgTreeSelect';
import { useSchemes } from './api';
import { createUnit, enrolmentKeys, exportUnits, listUnits, type UnitDto, type UnitFilters } from './enrolment.api';

export function UnitStatusTag({ value }: { value: UnitStatus }) {
  const t = useT();
  return <Tag color={value === 'active' ? 'green' : 'default'}>{t.label(UNIT_STATUS_LABELS[value])}</Tag>;
}

/** The new-unit form: scheme, name, union (in the user's scope), credit code and contact. */
function UnitCreateModal({ onClose }: { onClose: () => void }) {
  const t = useT();
  const { me } = useAuth();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const schemes = useSchemes();
  const [form] = Form.useForm<UnitInput>();
  const m = useMutation({
    meta: { quiet: true },
    mutationFn: (v: UnitInput) => createUnit(v),
    onSuccess: (u) => {
      void qc.invalidateQueries({ queryKey: enrolmentKeys.all });
      toast()?.success(t('ma.units.created', { name: u.name }));
      onClose();
      navigate(`/mutual-aid/units/${u.id}`);
    },
    onError: (e) => applyFormError(form, e, ['schemeCode', 'name', 'orgId', 'creditCode', 'contactName', 'contactPhone']),
  });
  const clean = (v: UnitInput): UnitInput => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')) as UnitInput;
  return (
    <Modal open title={t('ma.units.new')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={m.isPending} okButtonProps={{ 'data-testid': 'unit-create-ok' }} destroyOnHidden width={620}>
      <Form form={form} layout="vertical" onFinish={(v) => m.mutate(clean(v))} data-testid="unit-create-form">
        <Form.Item name="schemeCode" label={t('ma.units.scheme')} rules={[{ required: true, message: t('common.selectRequired', { field: t('ma.units.scheme') }) }]}>
          <Select
            loading={schemes.isLoading}
            options={(schemes.data?.items ?? []).map((s) => ({ value: s.code, label: `${s.code} · ${t.label(s.name)}` }))}
            data-testid="unit-scheme"
          />
        </Form.Item>
        <Form.Item name="name" label={t('ma.units.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('ma.units.name') }) }, { max: 100 }]}>
          <Input maxLength={100} data-testid="unit-name" />
        </Form.Item>
        <Form.Item name="orgId" label={t('ma.units.org')} extra={t('ma.units.orgHint')} rules={[{ required: true, message: t('common.selectRequired', { field: t('ma.units.org') }) }]}>
          <OrgTreeSelect withinPath={me.scope.orgPath} data-testid="unit-org" />
        </Form.Item>
        <Form.Item name="creditCode" label={t('ma.units.creditCode')} normalize={(v: string) => v?.toUpperCase()} rules={[{ pattern: CREDIT_CODE_PATTERN, message: t('ma.units.creditCodeInvalid') }]}>
          <Input maxLength={18} data-testid="unit-credit-code" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="contactName" label={t('ma.units.contactName')} style={{ width: '50%' }} rules={[{ max: 40 }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('ma.units.contactPhone')} style={{ width: '50%' }} rules={[{ pattern: UNIT_PHONE_PATTERN, message: t('ma.units.phoneInvalid') }]}>
            <Input maxLength={20} placeholder="0858-8221234" />
          </Form.Item>
        </Space.Compact>
      </Form>
    </Modal>
  );
}

/** 会员单位: the units in the user's scope, filtered by scheme, union, name and status; a new unit; .xlsx export. */
export default function UnitsPage() {
  const t = useT();
  const { can, me } = useAuth();
  const schemes = useSchemes();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [exporting, runExport] = useBusyAction();
  const [q, setQ] = useState(params.get('q') ?? '');
  const filters = useMemo<UnitFilters>(() => {
    const status = params.get('status');
    return {
      schemeCode: params.get('schemeCode') || undefined,
      orgId: params.get('orgId') || undefined,
      q: params.get('q') || undefined,
      status: status && (UNIT_STATUSES as readonly string[]).includes(status) ? (status as UnitStatus) : undefined,
    };
  }, [params]);
  const setFilter = (k: keyof UnitFilters, v: string | undefined | null) => {
    const next = new URLSearchParams(params);
    if (!v) next.delete(k);
    else next.set(k, v);
    setParams(next, { replace: true });
  };
  const list = useCursorList(enrolmentKeys.units(filters), (c) => listUnits(filters, c));

  const columns: TableColumnsType<UnitDto> = [
    {
      title: t('ma.units.name'),
      dataIndex: 'name',
      render: (v: string, r) => (
        <Link to={`/mutual-aid/units/${r.id}`} data-testid={`unit-link-${r.id}`}>
          {v}
        </Link>
      ),
    },
    { title: t('ma.units.scheme'), key: 'scheme', width: 220, render: (_, r) => `${r.schemeCode} · ${t.label(r.schemeName)}` },
    { title: t('ma.units.org'), dataIndex: 'orgName', ellipsis: true },
    { title: t('ma.units.members'), dataIndex: 'memberCount', width: 90, align: 'right' },
    { title: t('ma.units.contact'), key: 'contact', width: 180, render: (_, r) => [r.contactName, r.contactPhone].filter(Boolean).join(' ') || '—' },
    { title: t('ma.units.status'), dataIndex: 'status', width: 90, render: (v: UnitStatus) => <UnitStatusTag value={v} /> },
    { title: t('ma.units.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
  ];

  const doExport = () => runExport(() => exportUnits(filters, `${t('ma.units.title')}-${fileStamp()}.xlsx`));

  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Card
      title={t('ma.units.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void doExport()} data-testid="units-export">
            {t('common.export')}
          </Button>
          {can(Permission.MutualAidEnrol) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="unit-new">
              {t('ma.units.new')}
            </Button>
          )}
        </Space>
      }
      data-testid="units-page"
    >
      <Typography.Paragraph type="secondary">{t('ma.units.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }} data-testid="unit-filters">
        <Select
          allowClear
          placeholder={t('ma.units.scheme')}
          value={filters.schemeCode}
          onChange={(v) => setFilter('schemeCode', v)}
          options={(schemes.data?.items ?? []).map((s) => ({ value: s.code, label: `${s.code} · ${t.label(s.name)}` }))}
          style={{ width: 260 }}
          data-testid="unit-filter-scheme"
        />
        <OrgTreeSelect allowClear placeholder={t('ma.units.org')} value={filters.orgId ?? null} onChange={(id) => setFilter('orgId', id)} withinPath={me.scope.orgPath} style={{ width: 260 }} data-testid="unit-filter-org" />
        <Input.Search allowClear placeholder={t('ma.units.searchName')} value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => setFilter('q', v.trim())} style={{ width: 220 }} data-testid="unit-filter-q" />
        <Select
          allowClear
          placeholder={t('ma.units.status')}
          value={filters.status}
          onChange={(v) => setFilter('status', v)}
          options={UNIT_STATUSES.map((s) => ({ value: s, label: t.label(UNIT_STATUS_LABELS[s]) }))}
          style={{ width: 120 }}
          data-testid="unit-filter-status"
        />
      </Space>
      <Table<UnitDto> rowKey="id" size="middle" columns={columns} dataSource={list.rows} loading={list.isLoading} pagination={false} scroll={{ x: 1100 }} data-testid="unit-table" />
      <LoadMore q={list} />
      {creating && <UnitCreateModal onClose={() => setCreating(false)} />}
    </Card>
  );
}
