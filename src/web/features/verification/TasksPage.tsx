import { ReloadOutlined, SendOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Modal, Segmented, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Permission } from '../../../contracts/auth';
import { TASK_STATUSES, TASK_STATUS_LABELS } from '../../../contracts/verification';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { showError, toast } from '../../ui/feedback';
import { formatDate, formatDateTime } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { enumLabel } from '../registry/labels';
import { BatchSubmitModal } from './BatchSubmitModal';
import { assignTasks, listInvestigators, listTasks, verificationKeys, type TaskDto, type TaskStatus } from './api';
import { useCursorList } from '../../ui/useCursorList';

const STATUS_COLORS: Record<TaskStatus, string> = { pending: 'warning', assigned: 'processing', visited: 'cyan', closed: 'success', cancelled: 'default' };

export function TaskStatusTag({ value }: { value: TaskStatus }) {
  const t = useT();
  return <Tag color={STATUS_COLORS[value]}>{enumLabel(t, TASK_STATUS_LABELS, value)}</Tag>;
}

function AssignModal({ tasks, onClose }: { tasks: TaskDto[]; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ investigatorId: string; dueDate?: Dayjs }>();
  const invs = useQuery({ queryKey: verificationKeys.investigators(), queryFn: listInvestigators });
  const m = useMutation({
    mutationFn: (v: { investigatorId: string; dueDate?: Dayjs }) => assignTasks({ taskIds: tasks.map((x) => x.id), investigatorId: v.investigatorId, dueDate: v.dueDate?.format('YYYY-MM-DD') }),
    onSuccess: (r) => {
      toast()?.success(t('vf.assign.done', { count: r.items.length }));
      void qc.invalidateQueries({ queryKey: verificationKeys.all });
      onClose();
    },
    onError: showError,
  });
  return (
    <Modal open title={t('vf.assign.title', { count: tasks.length })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={m.isPending} okButtonProps={{ 'data-testid': 'vf-assign-ok' }} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('vf.assign.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => m.mutate(v)}>
        <Form.Item name="investigatorId" label={t('vf.investigator')} rules={[{ required: true, message: t('common.selectRequired', { field: t('vf.investigator') }) }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={invs.isLoading}
            data-testid="vf-investigator-select"
            options={(invs.data?.items ?? []).map((i) => ({
              value: i.userId,
              label: `${i.name}（${i.orgName}${i.thirdParty ? ' · ' + t('vf.thirdParty') : ''}）`,
              title: i.name,
            }))}
            optionRender={(o) => {
              const i = invs.data?.items.find((x) => x.userId === o.value);
              return (
                <span data-testid={`vf-investigator-option-${String(o.value)}`}>
                  {o.label} {i && <Typography.Text type="secondary">{t('vf.openTasks', { count: i.openTasks })}</Typography.Text>}
                </span>
              );
            }}
          />
        </Form.Item>
        <Form.Item name="dueDate" label={t('vf.dueDate')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 核查任务: a coordinator's queue (assign one or many), an investigator's own visits. */
export default function TasksPage() {
  const t = useT();
  const { can, me } = useAuth();
  const canAssign = can(Permission.VerificationAssign);
  const canVisit = can(Permission.VerificationVisit);
  const [params, setParams] = useSearchParams();
  const status = (TASK_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as TaskStatus) : undefined;
  const mine = canVisit && !canAssign;
  const [selected, setSelected] = useState<string[]>([]);
  const [assigning, setAssigning] = useState<TaskDto[] | null>(null);
  const [batch, setBatch] = useState(false);
  const filter = { status, mine };
  const q = useCursorList(verificationKeys.tasks(filter), (c) => listTasks(filter, c));
  const rows = q.rows;
  const columns: TableColumnsType<TaskDto> = [
    { title: t('vf.col.household'), key: 'hh', render: (_: unknown, r) => (r.archiveNo ? <Mono>{r.archiveNo}</Mono> : r.workerName) },
    { title: t('vf.col.worker'), dataIndex: 'workerName' },
    { title: t('vf.col.org'), dataIndex: 'orgName', responsive: ['md'] },
    { title: t('vf.col.address'), dataIndex: 'address', responsive: ['lg'], ellipsis: true },
    { title: t('vf.col.round'), dataIndex: 'round', width: 70, render: (v: number, r) => (r.reason === 'second_visit' ? <Tag color="orange">{t('vf.round2', { n: v })}</Tag> : v) },
    { title: t('vf.col.status'), dataIndex: 'status', render: (v: TaskStatus) => <TaskStatusTag value={v} /> },
    { title: t('vf.investigator'), key: 'inv', render: (_: unknown, r) => (r.investigator ? `${r.investigator.name}（${r.investigator.orgName}）` : '—') },
    { title: t('vf.dueDate'), dataIndex: 'dueDate', render: (v: string | null) => (v ? formatDate(v) : '—'), responsive: ['md'] },
    { title: t('vf.col.created'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, { seconds: false }), responsive: ['lg'] },
    {
      title: t('common.actions'),
      key: 'act',
      render: (_: unknown, r) => (
        <Space wrap>
          {r.status === 'assigned' && canVisit && (
            <Link to={`/verification/visit/${r.id}`} data-testid={`vf-visit-link-${r.id}`}>
              {t('vf.doVisit')}
            </Link>
          )}
          {canAssign && (r.status === 'pending' || r.status === 'assigned') && (
            <a onClick={() => setAssigning([r])} data-testid={`vf-assign-${r.id}`}>
              {r.status === 'pending' ? t('vf.assign') : t('vf.reassign')}
            </a>
          )}
          {canVisit && r.investigator?.userId === me.user.id && (
            <Link to={`/verification/recommend/${r.id}`} data-testid={`vf-recommend-${r.id}`}>
              {t('vf.recommendShort')}
            </Link>
          )}
          {r.visitId && (
            <Link to={can(Permission.RegistryReview) && r.householdStatus === 'verified' ? `/verification/review/${r.householdId}` : `/verification/visits/${r.visitId}`} data-testid={`vf-view-visit-${r.id}`}>
              {t('vf.viewVisit')}
            </Link>
          )}
        </Space>
      ),
    },
  ];
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const selectable = (r: TaskDto) => r.status === 'pending' || r.status === 'assigned';
  return (
    <Card
      title={mine ? t('vf.tasks.mine') : t('vf.tasks.title')}
      extra={
        <Space wrap>
          {can(Permission.RegistryWrite) && (
            <Button icon={<SendOutlined />} onClick={() => setBatch(true)} data-testid="vf-batch-open">
              {t('vf.batch.open')}
            </Button>
          )}
          {canAssign && (
            <Button type="primary" icon={<UserAddOutlined />} disabled={selected.length === 0} onClick={() => setAssigning(rows.filter((r) => selected.includes(r.id)))} data-testid="vf-assign-open">
              {t('vf.assignSelected', { count: selected.length })}
            </Button>
          )}
          <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} aria-label={t('common.refresh')} />
        </Space>
      }
    >
      <Segmented
        style={{ marginBottom: 12 }}
        value={status ?? 'all'}
        onChange={(v) => {
          setSelected([]);
          setParams(v === 'all' ? {} : { status: String(v) }, { replace: true });
        }}
        options={[{ value: 'all', label: t('common.all') }, ...TASK_STATUSES.map((s) => ({ value: s, label: enumLabel(t, TASK_STATUS_LABELS, s) }))]}
        data-testid="vf-status-filter"
      />
      <Table
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={q.isLoading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="vf-tasks-table"
        onRow={(r) => ({ 'data-testid': `vf-task-${r.householdId}` }) as object}
        rowSelection={canAssign ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]), getCheckboxProps: (r) => ({ disabled: !selectable(r) }) } : undefined}
      />
      {q.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      {batch && <BatchSubmitModal onClose={() => setBatch(false)} />}
      {assigning && (
        <AssignModal
          tasks={assigning}
          onClose={() => {
            setAssigning(null);
            setSelected([]);
          }}
        />
      )}
    </Card>
  );
}
