import { CheckCircleTwoTone, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Input, Modal, Popconfirm, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Permission } from '../../../contracts/auth';
import { MEMBER_STATUS_LABELS, type Scheme } from '../../../contracts/mutual-aid';
import { MOBILE_PATTERN, type MemberInput } from '../../../contracts/mutual-aid-enrolment';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyFormError, showError, toast } from '../../ui/feedback';
import { parseIdNumber } from '../../ui/idcard';
import { LoadMore } from '../../ui/LoadMore';
import { LoadError } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { useCursorList } from '../../ui/useCursorList';
import { useDebounced } from '../../ui/useDebounced';
import { addMember, cancelEnrolment, enrolmentKeys, enrolPlans, listMembers, type MemberDto, type UnitDto } from './enrolment.api';

export interface PeriodScheme {
  period: number;
  /** the version in force at the period's start, null when none is */
  scheme: Scheme | null;
  version: number | null;
}

const ID_PROBLEM_KEYS = { format: 'ma.members.idFormat', birth_date: 'ma.members.idBirthDate', checksum: 'ma.members.idChecksum' } as const;

/** The plans of the period as checkboxes, with the per-member limit. */
function PlanChoice({ scheme, value, onChange, disabled }: { scheme: Scheme; value?: string[]; onChange?: (v: string[]) => void; disabled?: string[] }) {
  const t = useT();
  return (
    <Checkbox.Group value={value} onChange={(v) => onChange?.(v as string[])} style={{ display: 'flex', flexDirection: 'column', gap: 4 }} data-testid="member-plans">
      {scheme.plans.map((p) => (
        <Checkbox key={p.code} value={p.code} disabled={disabled?.includes(p.code)}>
          {t.label(p.name)} <Typography.Text type="secondary">({p.code})</Typography.Text>
        </Checkbox>
      ))}
    </Checkbox.Group>
  );
}

const planLimitRule = (t: ReturnType<typeof useT>, scheme: Scheme | null, held = 0) => ({
  validator: async (_: unknown, v?: string[]) => {
    const max = scheme?.maxPlansPerMember;
    if (max !== undefined && held + (v?.length ?? 0) > max) throw new Error(t('ma.members.tooManyPlans', { max }));
  },
});

/** Adds a member, validated as it is typed: the ID number's check digit, and the birth date and sex it carries. */
function MemberAddModal({ unit, ps, onClose }: { unit: UnitDto; ps: PeriodScheme; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ name: string; idNumber: string; phone?: string; planCodes?: string[] }>();
  const idNumber = Form.useWatch('idNumber', form) ?? '';
  const parsed = parseIdNumber(idNumber.normalize('NFKC').replace(/\s+/g, ''));
  const m = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { name: string; idNumber: string; phone?: string; planCodes?: string[] }) => {
      const body: MemberInput = { name: v.name.trim(), idNumber: v.idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase(), ...(v.phone ? { phone: v.phone.trim() } : {}) };
      if (v.planCodes?.length) body.enrol = { period: ps.period, planCodes: v.planCodes };
      return addMember(unit.id, body);
    },
    onSuccess: (mm) => {
      void qc.invalidateQueries({ queryKey: enrolmentKeys.all });
      toast()?.success(t('ma.members.added', { name: mm.name }));
      onClose();
    },
    onError: (e) => applyFormError(form, e, ['name', 'idNumber', 'phone', 'planCodes']),
  });
  return (
    <Modal open title={t('ma.members.add')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={m.isPending} okButtonProps={{ 'data-testid': 'member-add-ok' }} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => m.mutate(v)} data-testid="member-add-form">
        <Form.Item name="name" label={t('ma.members.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('ma.members.name') }) }, { max: 40 }]}>
          <Input maxLength={40} data-testid="member-name" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('ma.members.idNumber')}
          validateFirst
          rules={[
            { required: true, message: t('common.required', { field: t('ma.members.idNumber') }) },
            {
              validator: async (_, v?: string) => {
                const p = parseIdNumber((v ?? '').normalize('NFKC').replace(/\s+/g, ''));
                if (!p.ok) throw new Error(t(ID_PROBLEM_KEYS[p.problem]));
              },
            },
          ]}
          extra={parsed.ok ? t('ma.members.idInfo', { birthDate: parsed.info.birthDate, sex: t(parsed.info.sex === 'male' ? 'ma.members.male' : 'ma.members.female') }) : undefined}
          hasFeedback
        >
          <Input maxLength={20} autoComplete="off" data-testid="member-id" />
        </Form.Item>
        <Form.Item name="phone" label={t('ma.members.phone')} rules={[{ pattern: MOBILE_PATTERN, message: t('ma.members.phoneInvalid') }]}>
          <Input maxLength={11} data-testid="member-phone" />
        </Form.Item>
        {ps.scheme ? (
          <Form.Item
            name="planCodes"
            label={t('ma.members.plansFor', { period: ps.period })}
            extra={ps.scheme.maxPlansPerMember ? t('ma.members.maxPlans', { max: ps.scheme.maxPlansPerMember }) : t('ma.members.plansHint')}
            rules={[planLimitRule(t, ps.scheme)]}
          >
            <PlanChoice scheme={ps.scheme} />
          </Form.Item>
        ) : (
          <Alert type="warning" showIcon title={t('ma.members.noVersion', { period: ps.period })} />
        )}
      </Form>
    </Modal>
  );
}

/** More plans for one member in the period (plans held are shown ticked and fixed). */
function EnrolModal({ member, ps, onClose }: { member: MemberDto; ps: PeriodScheme & { scheme: Scheme }; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const held = member.enrolments.filter((e) => e.status === 'active').map((e) => e.planCode);
  const [form] = Form.useForm<{ planCodes: string[] }>();
  const m = useMutation({
    meta: { quiet: true },
    mutationFn: (codes: string[]) => enrolPlans(member.id, { period: ps.period, planCodes: codes }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: enrolmentKeys.all });
      toast()?.success(t('ma.members.enrolled', { n: r.added.length }));
      onClose();
    },
    onError: (e) => applyFormError(form, e, ['planCodes']),
  });
  return (
    <Modal open title={t('ma.members.enrolTitle', { name: member.name, period: ps.period })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={m.isPending} okButtonProps={{ 'data-testid': 'enrol-ok' }} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ planCodes: held }} onFinish={(v) => m.mutate(v.planCodes.filter((c) => !held.includes(c)))}>
        <Form.Item name="planCodes" extra={ps.scheme.maxPlansPerMember ? t('ma.members.maxPlans', { max: ps.scheme.maxPlansPerMember }) : undefined} rules={[planLimitRule(t, ps.scheme)]}>
          <PlanChoice scheme={ps.scheme} disabled={held} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The unit's members with their plans of the period, covered or not; add a member, add plans, cancel an unpaid plan. */
export function UnitMembers({ unit, ps }: { unit: UnitDto; ps: PeriodScheme }) {
  const t = useT();
  const qc = useQueryClient();
  const { can } = useAuth();
  const canEnrol = can(Permission.MutualAidEnrol) && unit.status === 'active';
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const [adding, setAdding] = useState(false);
  const [enrolling, setEnrolling] = useState<MemberDto | null>(null);
  const list = useCursorList(enrolmentKeys.members(unit.id, ps.period, q), (c) => listMembers(unit.id, ps.period, q, c));
  const cancel = useMutation({
    meta: { quiet: true },
    mutationFn: (id: string) => cancelEnrolment(id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: enrolmentKeys.all });
      toast()?.success(t('ma.members.cancelled'));
    },
    onError: showError,
  });

  const columns: TableColumnsType<MemberDto> = [
    { title: t('ma.members.name'), dataIndex: 'name', width: 110 },
    { title: t('ma.members.idNumber'), dataIndex: 'idNumber', width: 190, render: (v: string) => <Mono>{v}</Mono> },
    { title: t('ma.members.sex'), dataIndex: 'sex', width: 60, render: (v: string) => t(v === 'male' ? 'ma.members.male' : 'ma.members.female') },
    { title: t('ma.members.birthDate'), dataIndex: 'birthDate', width: 110 },
    { title: t('ma.members.phone'), dataIndex: 'phone', width: 120, render: (v: string | null) => (v ? <Mono>{v}</Mono> : '—') },
    {
      title: t('ma.members.status'),
      dataIndex: 'status',
      width: 110,
      render: (v: 'ordinary' | 'hardship') => (
        <Tooltip title={t('ma.members.statusHint')}>
          <Tag color={v === 'hardship' ? 'volcano' : 'default'}>{t.label(MEMBER_STATUS_LABELS[v])}</Tag>
        </Tooltip>
      ),
    },
    {
      title: t('ma.members.plansFor', { period: ps.period }),
      key: 'plans',
      render: (_, r) => {
        const active = r.enrolments.filter((e) => e.status === 'active');
        if (active.length === 0) return <Typography.Text type="secondary">{t('ma.members.noPlans')}</Typography.Text>;
        return (
          <Space size={[4, 4]} wrap>
            {active.map((e) =>
              e.covered || !canEnrol ? (
                <Tag key={e.id} color={e.covered ? 'green' : 'gold'} data-testid={`enrolment-${e.id}`}>
                  {e.planName ? t.label(e.planName) : e.planCode}
                </Tag>
              ) : (
                <Popconfirm key={e.id} title={t('ma.members.cancelConfirm')} onConfirm={() => cancel.mutate(e.id)} okButtonProps={{ 'data-testid': 'enrolment-cancel-ok' }}>
                  <Tag color="gold" closable onClose={(ev) => ev.preventDefault()} style={{ cursor: 'pointer' }} data-testid={`enrolment-${e.id}`}>
                    {e.planName ? t.label(e.planName) : e.planCode}
                  </Tag>
                </Popconfirm>
              ),
            )}
          </Space>
        );
      },
    },
    {
      title: t('ma.members.covered'),
      key: 'covered',
      width: 100,
      render: (_, r) => {
        const active = r.enrolments.filter((e) => e.status === 'active');
        const yes = active.length > 0 && active.every((e) => e.covered);
        return yes ? (
          <Space size={4} data-testid={`covered-${r.id}`}>
            <CheckCircleTwoTone twoToneColor="#52c41a" />
            {t('common.yes')}
          </Space>
        ) : (
          <Typography.Text type="secondary" data-testid={`covered-${r.id}`}>
            {t('common.no')}
          </Typography.Text>
        );
      },
    },
    ...(canEnrol && ps.scheme
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            fixed: 'right' as const,
            render: (_: unknown, r: MemberDto) => (
              <Button size="small" icon={<PlusOutlined />} onClick={() => setEnrolling(r)} data-testid={`member-enrol-${r.id}`}>
                {t('ma.members.addPlans')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <div data-testid="unit-members">
      <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Input.Search allowClear placeholder={t('ma.members.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 260 }} data-testid="member-search" />
        {canEnrol && (
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAdding(true)} data-testid="member-add">
            {t('ma.members.add')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        <Tag color="green">{t('ma.members.legendCovered')}</Tag>
        <Tag color="gold">{t('ma.members.legendUnpaid')}</Tag>
        {t('ma.members.legendHint')}
      </Typography.Paragraph>
      <Table<MemberDto> rowKey="id" size="small" columns={columns} dataSource={list.rows} loading={list.isLoading} pagination={false} scroll={{ x: 1200 }} data-testid="member-table" />
      <LoadMore q={list} />
      {adding && <MemberAddModal unit={unit} ps={ps} onClose={() => setAdding(false)} />}
      {enrolling && ps.scheme && <EnrolModal member={enrolling} ps={{ ...ps, scheme: ps.scheme }} onClose={() => setEnrolling(null)} />}
    </div>
  );
}
