import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Form, List, Popconfirm, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { HouseholdListItem } from '../../../contracts/registry';
import { api, type Page } from '../../app/api';
import { useT } from '../../app/i18n';
import { showError, toast } from '../../ui/feedback';
import { useDebounced } from '../../ui/useDebounced';
import { OrgTreeSelect } from '../orgs/OrgTreeSelect';
import { RegionSelect } from '../registry/inputs';
import { assign, listAssignments, surveyKeys, unassign, type AssignmentDto, type CampaignDto } from './api';
import { useCursorList } from '../../ui/useCursorList';

/** The households of a campaign: runners assign and see all; team members see (and answer) theirs. */
export function AssignmentsTab({ c }: { c: CampaignDto }) {
  const t = useT();
  const qc = useQueryClient();
  const [teamId, setTeamId] = useState<string>();
  const [answered, setAnswered] = useState<string>();
  const filter = { teamId, answered, mine: c.canManage ? undefined : 'true' };
  const q = useCursorList(surveyKeys.assignments(c.id, filter), (cursor) => listAssignments(c.id, filter, cursor));
  const remove = useMutation({
    meta: { quiet: true },
    mutationFn: (aid: string) => unassign(c.id, aid),
    onSuccess: () => void qc.invalidateQueries({ queryKey: surveyKeys.all }),
    onError: showError,
  });
  const items = q.rows;
  const columns: TableColumnsType<AssignmentDto> = [
    { title: t('survey.archiveNo'), dataIndex: 'archiveNo', width: 180, render: (v: string | null) => v ?? '—' },
    { title: t('survey.worker'), dataIndex: 'workerName', width: 100 },
    { title: t('survey.region'), dataIndex: 'regionName', width: 110 },
    { title: t('survey.org'), dataIndex: 'orgName', width: 180, ellipsis: true },
    { title: t('survey.address'), dataIndex: 'address', ellipsis: true },
    { title: t('survey.team'), dataIndex: 'teamName', width: 120 },
    { title: t('survey.filter.answered'), width: 90, render: (_, r) => (r.responseId ? <Tag color="green">{t('survey.answered')}</Tag> : <Tag>{t('survey.pending')}</Tag>) },
    {
      title: t('common.actions'),
      width: 170,
      fixed: 'right',
      render: (_, r) => (
        <Space>
          {(c.status === 'open' || r.responseId) && (
            <Link to={`/surveys/${c.id}/respond/${r.id}`} data-testid={`survey-respond-${r.householdId}`}>
              {r.responseId ? t('survey.viewResponse') : t('survey.respond')}
            </Link>
          )}
          {c.canManage && !r.responseId && c.status !== 'closed' && (
            <Popconfirm title={t('survey.assign.remove')} onConfirm={() => remove.mutate(r.id)}>
              <Button size="small" type="link" danger>
                {t('survey.assign.remove')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {c.canManage && c.status !== 'closed' && <AssignForm c={c} />}
      <Space wrap>
        {c.canManage && (
          <Select allowClear placeholder={t('survey.team')} style={{ width: 160 }} value={teamId} onChange={setTeamId} options={c.teams.map((x) => ({ value: x.id, label: x.name }))} />
        )}
        <Select
          allowClear
          placeholder={t('survey.filter.answered')}
          style={{ width: 140 }}
          value={answered}
          onChange={setAnswered}
          options={[
            { value: 'false', label: t('survey.pending') },
            { value: 'true', label: t('survey.answered') },
          ]}
          data-testid="survey-answered-filter"
        />
      </Space>
      {c.canManage ? (
        <Table rowKey="id" columns={columns} dataSource={items} loading={q.isPending} pagination={false} scroll={{ x: 1100 }} data-testid="survey-assignments" />
      ) : (
        // a team member's own households: a list that reads on a phone
        <List
          data-testid="survey-assignments"
          loading={q.isPending}
          dataSource={items}
          renderItem={(r) => (
            <List.Item
              key={r.id}
              actions={
                c.status === 'open' || r.responseId
                  ? [
                      <Link key="go" to={`/surveys/${c.id}/respond/${r.id}`} data-testid={`survey-respond-${r.householdId}`}>
                        {r.responseId ? t('survey.viewResponse') : t('survey.respond')}
                      </Link>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space wrap size={6}>
                    <span>{r.workerName}</span>
                    {r.responseId ? <Tag color="green">{t('survey.answered')}</Tag> : <Tag>{t('survey.pending')}</Tag>}
                  </Space>
                }
                description={
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.archiveNo ?? '—'} · {r.regionName ?? r.regionCode} · {r.address}
                  </Typography.Text>
                }
              />
            </List.Item>
          )}
        />
      )}
      {q.hasNextPage && (
        <div style={{ textAlign: 'center' }}>
          <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </Space>
  );
}

interface AssignValues {
  teamId: string;
  householdIds?: string[];
  regionCode?: string;
  orgId?: string;
}

function HouseholdSearch({ value, onChange }: { value?: string[]; onChange?: (v: string[]) => void }) {
  const t = useT();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const found = useQuery({
    queryKey: ['survey', 'household-search', q],
    enabled: q.length > 0,
    queryFn: () => api<Page<HouseholdListItem>>('/api/v1/registry/households', { query: { q, limit: 20 } }),
  });
  const [labels, setLabels] = useState<Record<string, string>>({});
  const options = (found.data?.items ?? []).filter((h) => h.status !== 'exited' && h.status !== 'cancelled').map((h) => ({ value: h.id, label: `${h.workerName}（${h.archiveNo ?? '—'} · ${h.orgName}）` }));
  for (const id of value ?? []) if (!options.some((o) => o.value === id)) options.push({ value: id, label: labels[id] ?? id.slice(0, 8) });
  return (
    <Select
      mode="multiple"
      value={value}
      onChange={(v: string[]) => {
        setLabels((l) => ({ ...l, ...Object.fromEntries(options.map((o) => [o.value, o.label])) }));
        onChange?.(v);
      }}
      options={options}
      showSearch={{ searchValue: search, onSearch: setSearch, filterOption: false }}
      loading={found.isFetching}
      placeholder={t('survey.assign.householdsPh')}
      notFoundContent={null}
      data-testid="survey-assign-households"
    />
  );
}

function AssignForm({ c }: { c: CampaignDto }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<AssignValues>();
  const run = useMutation({
    meta: { quiet: true },
    mutationFn: (v: AssignValues) => assign(c.id, { teamId: v.teamId, householdIds: v.householdIds ?? [], regionCodes: v.regionCode ? [v.regionCode] : [], orgIds: v.orgId ? [v.orgId] : [] }),
    onSuccess: (r) => {
      toast()?.success(t('survey.assign.result', { added: r.added, skipped: r.skipped, outside: r.outsideScope }));
      form.resetFields(['householdIds', 'regionCode', 'orgId']);
      void qc.invalidateQueries({ queryKey: surveyKeys.all });
    },
    onError: showError,
  });
  return (
    <Card size="small" title={t('survey.assign.title')} data-testid="survey-assign">
      <Form form={form} layout="vertical" onFinish={(v) => run.mutate(v)}>
        <Row gutter={12}>
          <Col xs={24} md={6}>
            <Form.Item name="teamId" label={t('survey.assign.team')} rules={[{ required: true, message: t('common.selectRequired', { field: t('survey.assign.team') }) }]}>
              <Select options={c.teams.map((x) => ({ value: x.id, label: x.name }))} data-testid="survey-assign-team" />
            </Form.Item>
          </Col>
          <Col xs={24} md={18}>
            <Form.Item name="householdIds" label={t('survey.assign.households')}>
              <HouseholdSearch />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="regionCode" label={t('survey.assign.region')}>
              <RegionSelect data-testid="survey-assign-region" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="orgId" label={t('survey.assign.org')}>
              <OrgTreeSelect allowClear data-testid="survey-assign-org" />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={run.isPending} data-testid="survey-assign-submit">
          {t('survey.assign.submit')}
        </Button>
      </Form>
    </Card>
  );
}
