import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Permission } from '../../../contracts/auth';
import { CREDIT_CODE_PATTERN, UNIT_PHONE_PATTERN, UNIT_STATUSES, UNIT_STATUS_LABELS, type UnitUpdateInput } from '../../../contracts/mutual-aid-enrolment';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { useSchemeVersion, useSchemes } from './api';
import { enrolmentKeys, type UnitDto, updateUnit, useUnit } from './enrolment.api';
import { UnitBillCard } from './UnitBillCard';
import { UnitImportWizard } from './UnitImportWizard';
import { type PeriodScheme, UnitMembers } from './UnitMembers';
import { UnitStatusTag } from './UnitsPage';

/** The published version of the unit's scheme in force in a period (the server decides; this picks it for the forms). */
function usePeriodScheme(schemeCode: string | undefined, period: number): PeriodScheme & { loading: boolean } {
  const schemes = useSchemes();
  const s = schemes.data?.items.find((x) => x.code === schemeCode);
  const v = s?.versions
    .filter((x) => x.status === 'published' && x.validFrom <= `${period}-12-31` && x.validTo >= `${period}-01-01`)
    .sort((a, b) => b.version - a.version)[0];
  const full = useSchemeVersion(v?.id ?? null);
  return { period, scheme: v ? (full.data?.scheme ?? null) : null, version: v?.version ?? null, loading: schemes.isLoading || (!!v && full.isLoading) };
}

function UnitEditModal({ unit, onClose }: { unit: UnitDto; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<UnitUpdateInput>();
  const m = useMutation({
    meta: { quiet: true },
    mutationFn: (v: UnitUpdateInput) =>
      updateUnit(unit.id, {
        name: v.name,
        creditCode: v.creditCode || null,
        contactName: v.contactName || null,
        contactPhone: v.contactPhone || null,
        status: v.status,
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: enrolmentKeys.all });
      toast()?.success(t('common.saved'));
      onClose();
    },
    onError: (e) => applyFormError(form, e, ['name', 'creditCode', 'contactName', 'contactPhone', 'status']),
  });
  return (
    <Modal open title={t('ma.units.edit')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={m.isPending} okButtonProps={{ 'data-testid': 'unit-edit-ok' }} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ name: unit.name, creditCode: unit.creditCode ?? '', contactName: unit.contactName ?? '', contactPhone: unit.contactPhone ?? '', status: unit.status }} onFinish={(v) => m.mutate(v)}>
        <Form.Item name="name" label={t('ma.units.name')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="creditCode" label={t('ma.units.creditCode')} normalize={(v: string) => v?.toUpperCase()} rules={[{ pattern: CREDIT_CODE_PATTERN, message: t('ma.units.creditCodeInvalid') }]}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="contactName" label={t('ma.units.contactName')} rules={[{ max: 40 }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('ma.units.contactPhone')} rules={[{ pattern: UNIT_PHONE_PATTERN, message: t('ma.units.phoneInvalid') }]}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="status" label={t('ma.units.status')} extra={t('ma.units.closedHint')}>
          <Select options={UNIT_STATUSES.map((s) => ({ value: s, label: t.label(UNIT_STATUS_LABELS[s]) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 会员单位 one unit: its facts; its members with their plans per period and whether they are covered; the add-member
 * form; the bulk enrolment wizard; the period's bill with its split by payer, payments and the payment form.
 */
export default function UnitPage() {
  const t = useT();
  const { id = '' } = useParams();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState(false);
  const thisYear = new Date().getFullYear();
  const period = useMemo(() => {
    const p = Number(params.get('period'));
    return Number.isInteger(p) && p >= 2000 && p <= 2100 ? p : thisYear;
  }, [params, thisYear]);
  const tab = params.get('tab') ?? 'members';
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  };
  const q = useUnit(id);
  const ps = usePeriodScheme(q.data?.schemeCode, period);

  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Card loading />;
  const unit = q.data;
  const canEnrol = can(Permission.MutualAidEnrol);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="unit-page">
      <Card
        title={
          <Space>
            <Link to="/mutual-aid/units" aria-label={t('common.back')}>
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="unit-title">{unit.name}</span>
            <UnitStatusTag value={unit.status} />
          </Space>
        }
        extra={
          canEnrol && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="unit-edit">
              {t('common.edit')}
            </Button>
          )
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }} data-testid="unit-facts">
          <Descriptions.Item label={t('ma.units.scheme')}>{`${unit.schemeCode} · ${t.label(unit.schemeName)}`}</Descriptions.Item>
          <Descriptions.Item label={t('ma.units.org')}>{unit.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('ma.units.creditCode')}>{unit.creditCode ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('ma.units.contact')}>{[unit.contactName, unit.contactPhone].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('ma.units.members')}>{unit.memberCount}</Descriptions.Item>
          <Descriptions.Item label={t('ma.units.createdAt')}>{`${formatDateTime(unit.createdAt)} · ${unit.createdByName}`}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card>
        <Space style={{ marginBottom: 8 }} wrap>
          <Typography.Text strong>{t('ma.units.period')}</Typography.Text>
          <InputNumber min={2000} max={2100} value={period} onChange={(v) => v && set('period', String(v))} style={{ width: 110 }} data-testid="unit-period" />
          {ps.version !== null ? (
            <Typography.Text type="secondary">{t('ma.units.periodVersion', { v: ps.version })}</Typography.Text>
          ) : (
            !ps.loading && <Typography.Text type="warning">{t('ma.members.noVersion', { period })}</Typography.Text>
          )}
        </Space>
        <Tabs
          activeKey={tab}
          onChange={(k) => set('tab', k)}
          items={[
            { key: 'members', label: t('ma.units.tabMembers'), children: <UnitMembers unit={unit} ps={ps} /> },
            ...(canEnrol && unit.status === 'active' ? [{ key: 'import', label: t('ma.units.tabImport'), children: <UnitImportWizard unit={unit} period={period} /> }] : []),
            { key: 'bill', label: t('ma.units.tabBill'), children: <UnitBillCard unit={unit} period={period} /> },
          ]}
          data-testid="unit-tabs"
        />
      </Card>
      {editing && <UnitEditModal unit={unit} onClose={() => setEditing(false)} />}
    </Space>
  );
}
