import { EditOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, Modal, Row, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type HTMLAttributes } from 'react';
import { Permission } from '../../../../contracts/auth';
import { MEASURE_STATUSES, MEASURE_STATUS_LABELS, MEASURE_TYPES, MEASURE_TYPE_LABELS, type MeasureStatus, type MeasureType } from '../../../../contracts/registry';
import { useAuth } from '../../../app/auth';
import { useT } from '../../../app/i18n';
import { applyFormError, toast } from '../../../ui/feedback';
import { formatDate, formatDateTime } from '../../../ui/format';
import { LoadError } from '../../../ui/results';
import { addMeasure, getPlan, putPlan, registryKeys, updateMeasure, type HouseholdDto, type MeasureDto, type PlanDto } from '../api';
import { UserPicker } from '../inputs';
import { enumLabel, enumOptions } from '../labels';
import { todayShanghai } from '../numbers';

const STATUS_COLORS: Record<MeasureStatus, string> = { planned: 'default', in_progress: 'processing', done: 'success', cancelled: 'default' };

function usePlanWrite(h: HouseholdDto) {
  const qc = useQueryClient();
  return (p: PlanDto) => {
    qc.setQueryData(registryKeys.plan(h.id), { plan: p });
    void qc.invalidateQueries({ queryKey: registryKeys.overdue() });
    void qc.invalidateQueries({ queryKey: registryKeys.history(h.id) });
  };
}

function PlanForm({ h, plan, onDone }: { h: HouseholdDto; plan: PlanDto | null; onDone: () => void }) {
  const t = useT();
  const written = usePlanWrite(h);
  const [form] = Form.useForm<{ targetExitDate?: Dayjs; goal?: string }>();
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { targetExitDate?: Dayjs; goal?: string }) => putPlan(h.id, { targetExitDate: v.targetExitDate!.format('YYYY-MM-DD'), ...(v.goal?.trim() ? { goal: v.goal.trim() } : {}) }),
    onSuccess: (p) => {
      written(p);
      toast()?.success(t('common.saved'));
      onDone();
    },
    onError: (e) => applyFormError(form, e, ['targetExitDate', 'goal']),
  });
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={plan ? { targetExitDate: dayjs(plan.targetExitDate), goal: plan.goal ?? '' } : {}}
      onFinish={(v) => save.mutate(v)}
      data-testid="plan-form"
    >
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="targetExitDate" label={t('plan.targetExitDate')} rules={[{ required: true, message: t('common.selectRequired', { field: t('plan.targetExitDate') }) }]}>
            <DatePicker id="plan-target" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="goal" label={t('plan.goal')} rules={[{ max: 500 }]}>
            <Input.TextArea id="plan-goal" autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} showCount placeholder={t('plan.goalPlaceholder')} />
          </Form.Item>
        </Col>
      </Row>
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="plan-submit">
          {t('common.save')}
        </Button>
        {plan && <Button onClick={onDone}>{t('common.cancel')}</Button>}
      </Space>
    </Form>
  );
}

interface MeasureValues {
  type?: MeasureType;
  description?: string;
  responsibleUserId?: string;
  dueDate?: Dayjs;
  status?: MeasureStatus;
  outcome?: string;
}

/** Adds a measure, or updates one (status, outcome, due date, owner, description). */
function MeasureModal({ h, measure, onClose }: { h: HouseholdDto; measure: MeasureDto | null; onClose: () => void }) {
  const t = useT();
  const { me } = useAuth();
  const written = usePlanWrite(h);
  const [form] = Form.useForm<MeasureValues>();
  const status = Form.useWatch('status', form);
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: MeasureValues) => {
      if (!measure) {
        return addMeasure(h.id, { type: v.type!, description: v.description!.trim(), responsibleUserId: v.responsibleUserId!, dueDate: v.dueDate!.format('YYYY-MM-DD') });
      }
      const due = v.dueDate!.format('YYYY-MM-DD');
      return updateMeasure(measure.id, {
        ...(v.status !== measure.status ? { status: v.status } : {}),
        ...((v.outcome ?? '').trim() !== (measure.outcome ?? '') ? { outcome: (v.outcome ?? '').trim() } : {}),
        ...(due !== measure.dueDate ? { dueDate: due } : {}),
        ...(v.responsibleUserId && v.responsibleUserId !== measure.responsible.userId ? { responsibleUserId: v.responsibleUserId } : {}),
        ...(v.description && v.description.trim() !== measure.description ? { description: v.description.trim() } : {}),
      });
    },
    onSuccess: (p) => {
      written(p);
      toast()?.success(t('common.saved'));
      onClose();
    },
    onError: (e) => applyFormError(form, e, ['type', 'description', 'responsibleUserId', 'dueDate', 'status', 'outcome']),
  });
  return (
    <Modal
      open
      title={measure ? t('plan.editMeasure') : t('plan.addMeasure')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'measure-submit' }}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={600}
    >
      <Form<MeasureValues>
        form={form}
        layout="vertical"
        style={{ marginTop: 12 }}
        initialValues={
          measure
            ? { type: measure.type, description: measure.description, responsibleUserId: measure.responsible.userId, dueDate: dayjs(measure.dueDate), status: measure.status, outcome: measure.outcome ?? '' }
            : { responsibleUserId: me.user.id }
        }
        onFinish={(v) => save.mutate(v)}
        data-testid="measure-form"
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="type" label={t('plan.type')} rules={[{ required: true, message: t('common.selectRequired', { field: t('plan.type') }) }]}>
              <Select id="measure-type" options={enumOptions(t, MEASURE_TYPES, MEASURE_TYPE_LABELS)} disabled={!!measure} data-testid="measure-type" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="dueDate" label={t('plan.dueDate')} rules={[{ required: true, message: t('common.selectRequired', { field: t('plan.dueDate') }) }]}>
              <DatePicker id="measure-due" style={{ width: '100%' }} data-testid="measure-due" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="description"
          label={t('plan.description')}
          rules={[
            { required: true, whitespace: true, message: t('plan.descriptionInvalid') },
            { min: 2, max: 500, message: t('plan.descriptionInvalid') },
          ]}
        >
          <Input.TextArea id="measure-description" autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} showCount data-testid="measure-description" />
        </Form.Item>
        <Form.Item name="responsibleUserId" label={t('plan.responsible')} rules={[{ required: true, message: t('common.selectRequired', { field: t('plan.responsible') }) }]}>
          <UserPicker id="measure-responsible" currentLabel={measure?.responsible.name} data-testid="measure-responsible" />
        </Form.Item>
        {measure && (
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="status" label={t('plan.status')}>
                <Select id="measure-status" options={enumOptions(t, MEASURE_STATUSES, MEASURE_STATUS_LABELS)} data-testid="measure-status" />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item name="outcome" label={t('plan.outcome')} rules={[{ max: 1000 }, ...(status === 'done' ? [{ required: true, whitespace: true, message: t('plan.outcomeRequired') }] : [])]}>
                <Input.TextArea id="measure-outcome" autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} data-testid="measure-outcome" />
              </Form.Item>
            </Col>
          </Row>
        )}
      </Form>
    </Modal>
  );
}

export function PlanTab({ h }: { h: HouseholdDto }) {
  const t = useT();
  const { can } = useAuth();
  // the server keeps plans for approved files only
  const canWrite = can(Permission.RegistryWrite) && h.status === 'approved';
  const [editing, setEditing] = useState(false);
  const [measure, setMeasure] = useState<{ m: MeasureDto | null } | null>(null);
  const q = useQuery({ queryKey: registryKeys.plan(h.id), queryFn: () => getPlan(h.id) });
  const plan = q.data?.plan ?? null;
  const today = todayShanghai();

  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Card loading />;

  const columns: TableColumnsType<MeasureDto> = [
    { title: t('plan.type'), dataIndex: 'type', width: 110, render: (v: MeasureType) => <Tag color="geekblue">{enumLabel(t, MEASURE_TYPE_LABELS, v)}</Tag> },
    { title: t('plan.description'), dataIndex: 'description' },
    { title: t('plan.responsible'), key: 'resp', width: 100, render: (_, m) => m.responsible.name },
    {
      title: t('plan.dueDate'),
      dataIndex: 'dueDate',
      width: 130,
      render: (v: string, m) =>
        m.overdue ? (
          <Tooltip title={t('plan.overdueHint')}>
            <Typography.Text type="danger" strong data-testid="measure-overdue">
              <WarningOutlined /> {formatDate(v)}
            </Typography.Text>
          </Tooltip>
        ) : (
          formatDate(v)
        ),
    },
    {
      title: t('plan.status'),
      dataIndex: 'status',
      width: 110,
      render: (v: MeasureStatus, m) => (
        <Space size={4}>
          <Tag color={STATUS_COLORS[v]}>{enumLabel(t, MEASURE_STATUS_LABELS, v)}</Tag>
          {m.overdue && <Tag color="red">{t('plan.overdue')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('plan.outcome'),
      dataIndex: 'outcome',
      render: (v: string | null, m) => (
        <span>
          {v ?? '—'}
          {m.completedAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {t('plan.completedAt')} {formatDateTime(m.completedAt, { seconds: false })}
            </Typography.Text>
          )}
        </span>
      ),
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 70,
      align: 'center',
      render: (_, m) => (
        <Tooltip title={t('plan.editMeasure')}>
          <Button type="text" size="small" icon={<EditOutlined />} onClick={() => setMeasure({ m })} aria-label={t('plan.editMeasure')} data-testid={`measure-edit-${m.id}`} />
        </Tooltip>
      ),
    });
  }
  // overdue measures stand out: every cell of their row on a light red ground
  for (const c of columns) c.onCell = (m) => ({ style: m.overdue ? { background: '#fff1f0' } : undefined });
  const overdue = plan?.measures.filter((m) => m.overdue).length ?? 0;

  return (
    <div data-testid="hh-plan">
      {h.status !== 'approved' && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('plan.onlyApproved')} data-testid="plan-only-approved" />}
      <Card
        size="small"
        title={t('plan.title')}
        style={{ marginBottom: 16 }}
        extra={
          canWrite &&
          plan &&
          !editing && (
            <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="plan-edit">
              {t('common.edit')}
            </Button>
          )
        }
      >
        {!plan || editing ? (
          canWrite ? (
            <PlanForm h={h} plan={plan} onDone={() => setEditing(false)} />
          ) : (
            <Empty description={t('plan.none')} />
          )
        ) : (
          <Descriptions column={{ xs: 1, md: 3 }} size="small">
            <Descriptions.Item label={t('plan.targetExitDate')}>
              <strong>{formatDate(plan.targetExitDate)}</strong>
              {plan.targetExitDate < today && h.status === 'approved' && (
                <Tag color="red" style={{ marginInlineStart: 8 }}>
                  {t('plan.pastTarget')}
                </Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('plan.goal')} span={2}>
              {plan.goal ?? '—'}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {plan && (
        <Card
          size="small"
          title={
            <Space>
              {t('plan.measures', { count: plan.measures.length })}
              {overdue > 0 && <Tag color="red">{t('plan.overdueN', { count: overdue })}</Tag>}
            </Space>
          }
          extra={
            canWrite && (
              <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setMeasure({ m: null })} data-testid="measure-add">
                {t('plan.addMeasure')}
              </Button>
            )
          }
        >
          <Table<MeasureDto>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={plan.measures}
            pagination={false}
            scroll={{ x: 900 }}
            onRow={(m) => ({ 'data-overdue': m.overdue ? 'true' : undefined }) as HTMLAttributes<HTMLElement>}
            data-testid="measures-table"
            locale={{ emptyText: <Empty description={t('plan.noMeasures')} /> }}
          />
        </Card>
      )}
      {measure && <MeasureModal h={h} measure={measure.m} onClose={() => setMeasure(null)} />}
    </div>
  );
}
