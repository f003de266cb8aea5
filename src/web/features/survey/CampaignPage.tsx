import { BarChartOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Space, Tabs, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Permission } from '../../../contracts/auth';
import { CAMPAIGN_STATUS_LABELS } from '../../../contracts/survey';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyFormError, showError, toast } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { getCampaign, surveyKeys, transitionCampaign, updateCampaign, type CampaignDto } from './api';
import { AssignmentsTab } from './AssignmentsTab';
import { CampaignProgress, STATUS_COLOR } from './CampaignListPage';
import { QuestionnaireTab } from './QuestionnaireTab';
import { ScopeOrgs } from './ScopeOrgs';
import { TeamsTab } from './TeamsTab';

export default function CampaignPage() {
  const { id = '' } = useParams();
  const t = useT();
  const { can } = useAuth();
  const q = useQuery({ queryKey: surveyKeys.campaign(id), queryFn: () => getCampaign(id) });
  const [tab, setTab] = useState<string>();
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  if (!c) return <Card loading />;
  const manage = c.canManage;
  const tabs = [
    { key: 'overview', label: t('survey.tab.overview'), children: <Overview c={c} /> },
    ...(manage ? [{ key: 'teams', label: t('survey.tab.teams'), children: <TeamsTab c={c} /> }] : []),
    { key: 'questionnaire', label: t('survey.tab.questionnaire'), children: <QuestionnaireTab c={c} /> },
    { key: 'assignments', label: manage ? t('survey.tab.assignments') : t('survey.tab.mine'), children: <AssignmentsTab c={c} /> },
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/surveys">{t('survey.campaigns')}</Link> }, { title: c.name }]} />
      <Card
        data-testid="survey-campaign"
        title={
          <Space wrap>
            <span>{c.name}</span>
            <Tag color={STATUS_COLOR[c.status]} data-testid="survey-campaign-status">
              {t.label(CAMPAIGN_STATUS_LABELS[c.status])}
            </Tag>
          </Space>
        }
        extra={
          <Space wrap>
            {can(Permission.SurveyManage) && (
              <Link to={`/surveys/${c.id}/report`}>
                <Button icon={<BarChartOutlined />} data-testid="survey-report-link">
                  {t('survey.report')}
                </Button>
              </Link>
            )}
            {c.teams.length > 0 && !manage && (
              <Link to={`/surveys/${c.id}/mine`}>
                <Button type="primary" data-testid="survey-mine-link">
                  {t('survey.tab.mine')}
                </Button>
              </Link>
            )}
            {manage && <StatusActions c={c} />}
          </Space>
        }
      >
        {!manage && can(Permission.SurveyManage) && <Alert type="info" showIcon title={t('survey.readOnly', { org: c.orgName })} style={{ marginBottom: 12 }} />}
        <Tabs activeKey={tab ?? (manage ? 'overview' : 'assignments')} onChange={setTab} items={tabs} />
      </Card>
    </Space>
  );
}

function StatusActions({ c }: { c: CampaignDto }) {
  const t = useT();
  const qc = useQueryClient();
  const move = useMutation({
    meta: { quiet: true },
    mutationFn: (to: 'open' | 'closed') => transitionCampaign(c.id, to, c.version),
    onSuccess: (d) => {
      qc.setQueryData(surveyKeys.campaign(c.id), d);
      void qc.invalidateQueries({ queryKey: surveyKeys.all });
    },
    onError: showError,
  });
  const ask = (to: 'open' | 'closed') =>
    Modal.confirm({ title: t(to === 'open' ? 'survey.open' : 'survey.close'), content: t(to === 'open' ? 'survey.openConfirm' : 'survey.closeConfirm'), onOk: () => move.mutateAsync(to) });
  if (c.status === 'draft')
    return (
      <Button type="primary" onClick={() => ask('open')} loading={move.isPending} data-testid="survey-open">
        {t('survey.open')}
      </Button>
    );
  if (c.status === 'open')
    return (
      <Button danger onClick={() => ask('closed')} loading={move.isPending} data-testid="survey-close">
        {t('survey.close')}
      </Button>
    );
  return null;
}

interface EditValues {
  name: string;
  description?: string;
  period: [Dayjs, Dayjs];
  scopeOrgIds: string[];
}

function Overview({ c }: { c: CampaignDto }) {
  const t = useT();
  const qc = useQueryClient();
  const nav = useNavigate();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<EditValues>();
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: EditValues) =>
      updateCampaign(c.id, { name: v.name, description: v.description?.trim() || undefined, periodStart: v.period[0].format('YYYY-MM-DD'), periodEnd: v.period[1].format('YYYY-MM-DD'), scopeOrgIds: v.scopeOrgIds, version: c.version }),
    onSuccess: (d) => {
      qc.setQueryData(surveyKeys.campaign(c.id), d);
      toast()?.success(t('common.saved'));
      setEditing(false);
    },
    onError: (e) => applyFormError(form, e, ['name', 'scopeOrgIds']),
  });
  const names = Object.fromEntries(c.scopeOrgs.map((o) => [o.id, o.name]));
  return (
    <>
      <Descriptions
        column={{ xs: 1, md: 2 }}
        size="small"
        items={[
          { label: t('survey.period'), children: `${c.periodStart} ~ ${c.periodEnd}` },
          { label: t('survey.runBy'), children: c.orgName },
          { label: t('survey.scope'), children: c.scopeOrgs.map((o) => <Tag key={o.id}>{o.name}</Tag>) },
          { label: t('survey.progress'), children: <CampaignProgress answered={c.answered} assigned={c.assigned} /> },
          { label: t('survey.createdBy'), children: `${c.createdBy.name} · ${formatDateTime(c.createdAt)}` },
          { label: t('survey.tab.teams'), children: c.teams.length },
          ...(c.description ? [{ label: t('survey.description'), children: c.description }] : []),
        ]}
      />
      {c.canManage && c.status !== 'closed' && (
        <Space style={{ marginTop: 12 }}>
          <Button onClick={() => setEditing(true)} data-testid="survey-edit">
            {t('common.edit')}
          </Button>
          <Button onClick={() => nav('/surveys')}>{t('common.back')}</Button>
        </Space>
      )}
      {editing && (
        <Modal open title={t('common.edit')} onCancel={() => setEditing(false)} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) => save.mutate(v)}
            initialValues={{ name: c.name, description: c.description ?? '', period: [dayjs(c.periodStart), dayjs(c.periodEnd)], scopeOrgIds: c.scopeOrgs.map((o) => o.id) }}
          >
            <Form.Item name="name" label={t('survey.name')} rules={[{ required: true, min: 2, max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="period" label={t('survey.period')} rules={[{ required: true }]}>
              <DatePicker.RangePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="scopeOrgIds" label={t('survey.scope')}>
              <ScopeOrgs names={names} disabled={c.status !== 'draft'} />
            </Form.Item>
            <Form.Item name="description" label={t('survey.description')}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}
