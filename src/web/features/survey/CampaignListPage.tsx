import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, Modal, Progress, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Permission } from '../../../contracts/auth';
import { CAMPAIGN_STATUSES, CAMPAIGN_STATUS_LABELS, type CampaignStatus } from '../../../contracts/survey';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { LoadError } from '../../ui/results';
import { createCampaign, listCampaigns, surveyKeys, type CampaignListItem } from './api';
import { ScopeOrgs } from './ScopeOrgs';
import { useCursorList } from '../../ui/useCursorList';

export const STATUS_COLOR: Record<CampaignStatus, string> = { draft: 'default', open: 'processing', closed: 'success' };

export default function CampaignListPage() {
  const t = useT();
  const { can } = useAuth();
  const [status, setStatus] = useState<CampaignStatus | undefined>();
  const [creating, setCreating] = useState(false);
  const q = useCursorList(surveyKeys.list(status), (c) => listCampaigns(status, c));
  const items = q.rows;
  const columns: TableColumnsType<CampaignListItem> = [
    { title: t('survey.name'), dataIndex: 'name', render: (v: string, r) => <Link to={can(Permission.SurveyManage) ? `/surveys/${r.id}` : `/surveys/${r.id}/mine`} data-testid={`survey-campaign-${r.id}`}>{v}</Link> },
    { title: t('survey.status'), dataIndex: 'status', width: 110, render: (s: CampaignStatus) => <Tag color={STATUS_COLOR[s]}>{t.label(CAMPAIGN_STATUS_LABELS[s])}</Tag> },
    { title: t('survey.period'), width: 220, render: (_, r) => `${r.periodStart} ~ ${r.periodEnd}` },
    { title: t('survey.runBy'), dataIndex: 'orgName', width: 200 },
  ];
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Card
      title={t('survey.campaigns')}
      data-testid="survey-campaigns"
      extra={
        <Space wrap>
          <Select
            allowClear
            placeholder={t('survey.status')}
            style={{ width: 140 }}
            value={status}
            onChange={setStatus}
            options={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t.label(CAMPAIGN_STATUS_LABELS[s]) }))}
            data-testid="survey-status-filter"
          />
          {can(Permission.SurveyManage) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="survey-new">
              {t('survey.new')}
            </Button>
          )}
        </Space>
      }
    >
      <Table rowKey="id" columns={columns} dataSource={items} loading={q.isPending} pagination={false} scroll={{ x: 700 }} />
      {q.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      {creating && <CreateModal onClose={() => setCreating(false)} />}
    </Card>
  );
}

interface FormValues {
  name: string;
  description?: string;
  period: [Dayjs, Dayjs];
  scopeOrgIds: string[];
}

function CreateModal({ onClose }: { onClose: () => void }) {
  const t = useT();
  const nav = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: FormValues) =>
      createCampaign({ name: v.name, description: v.description?.trim() || undefined, periodStart: v.period[0].format('YYYY-MM-DD'), periodEnd: v.period[1].format('YYYY-MM-DD'), scopeOrgIds: v.scopeOrgIds }),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: surveyKeys.all });
      toast()?.success(t('common.saved'));
      nav(`/surveys/${c.id}`);
    },
    onError: (e) => applyFormError(form, e, ['name', 'scopeOrgIds']),
  });
  return (
    <Modal open title={t('survey.new')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden okButtonProps={{ 'data-testid': 'survey-create-ok' }}>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={{ scopeOrgIds: [] }}>
        <Form.Item name="name" label={t('survey.name')} rules={[{ required: true, min: 2, max: 100, message: t('common.required', { field: t('survey.name') }) }]}>
          <Input maxLength={100} data-testid="survey-name" />
        </Form.Item>
        <Form.Item name="period" label={t('survey.period')} rules={[{ required: true, message: t('common.selectRequired', { field: t('survey.period') }) }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} data-testid="survey-period" />
        </Form.Item>
        <Form.Item name="scopeOrgIds" label={t('survey.scope')} rules={[{ validator: async (_, v: string[]) => (v?.length ? undefined : Promise.reject(new Error(t('survey.scopeEmpty')))) }]}>
          <ScopeOrgs />
        </Form.Item>
        <Form.Item name="description" label={t('survey.description')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CampaignProgress({ answered, assigned }: { answered: number; assigned: number }) {
  const t = useT();
  return (
    <Space orientation="vertical" size={0} style={{ minWidth: 200 }}>
      <Progress percent={assigned ? Math.floor((answered * 100) / assigned) : 0} size="small" />
      <span>{t('survey.progressText', { answered, assigned })}</span>
    </Space>
  );
}
