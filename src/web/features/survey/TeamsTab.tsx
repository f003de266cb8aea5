import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import type { TeamDto } from '../../../contracts/survey';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyFormError, showError, toast } from '../../ui/feedback';
import { useDebounced } from '../../ui/useDebounced';
import { useAssignableUsers } from '../registry/api';
import { addTeam, deleteTeam, surveyKeys, updateTeam, type CampaignDto } from './api';

export function TeamsTab({ c }: { c: CampaignDto }) {
  const t = useT();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<TeamDto | 'new' | null>(null);
  const del = useMutation({
    meta: { quiet: true },
    mutationFn: (teamId: string) => deleteTeam(c.id, teamId),
    onSuccess: (d) => qc.setQueryData(surveyKeys.campaign(c.id), d),
    onError: showError,
  });
  const editable = c.status !== 'closed';
  const columns: TableColumnsType<TeamDto> = [
    { title: t('survey.team.name'), dataIndex: 'name' },
    { title: t('survey.team.leader'), render: (_, r) => r.leader.name },
    { title: t('survey.team.members'), render: (_, r) => r.members.map((m) => m.name).join('、') || '—' },
    { title: t('survey.team.assigned'), dataIndex: 'assigned', width: 100 },
    { title: t('survey.team.answered'), dataIndex: 'answered', width: 100 },
    ...(editable
      ? [
          {
            title: t('common.actions'),
            width: 160,
            render: (_: unknown, r: TeamDto) => (
              <Space>
                <Button size="small" onClick={() => setEditing(r)} data-testid={`survey-team-edit-${r.id}`}>
                  {t('common.edit')}
                </Button>
                {r.assigned === 0 && (
                  <Popconfirm title={t('survey.team.delete')} onConfirm={() => del.mutate(r.id)}>
                    <Button size="small" danger>
                      {t('survey.team.delete')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      {editable && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} style={{ marginBottom: 12 }} data-testid="survey-team-add">
          {t('survey.team.add')}
        </Button>
      )}
      <Table rowKey="id" columns={columns} dataSource={c.teams} pagination={false} locale={{ emptyText: <Empty description={t('survey.team.none')} /> }} scroll={{ x: 700 }} data-testid="survey-teams" />
      {editing && <TeamModal c={c} team={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

interface TeamValues {
  name: string;
  leaderUserId: string;
  memberUserIds: string[];
}

/** Picks users of the actor's subtree (third-party volunteers of a city's volunteer federation among them). */
function PeopleSelect({ value, onChange, multiple, known, testId }: { value?: string | string[]; onChange?: (v: string | string[]) => void; multiple?: boolean; known: Array<{ userId: string; name: string }>; testId: string }) {
  const t = useT();
  const { me } = useAuth();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const users = useAssignableUsers(me.org.id, q);
  const options = useMemo(() => {
    const list = (users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username} · ${u.orgName}）` }));
    for (const k of known) if (!list.some((o) => o.value === k.userId)) list.push({ value: k.userId, label: k.name });
    if (!list.some((o) => o.value === me.user.id)) list.unshift({ value: me.user.id, label: me.user.displayName });
    return list;
  }, [users.data, known, me]);
  return (
    <Select
      mode={multiple ? 'multiple' : undefined}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      showSearch={{ searchValue: search, onSearch: setSearch, filterOption: false }}
      loading={users.isFetching}
      placeholder={t('hh.pickUser')}
      data-testid={testId}
    />
  );
}

function TeamModal({ c, team, onClose }: { c: CampaignDto; team: TeamDto | null; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<TeamValues>();
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: TeamValues) => (team ? updateTeam(c.id, team.id, v) : addTeam(c.id, v)),
    onSuccess: (d) => {
      qc.setQueryData(surveyKeys.campaign(c.id), d);
      toast()?.success(t('common.saved'));
      onClose();
    },
    onError: (e) => applyFormError(form, e, ['name', 'leaderUserId', 'memberUserIds']),
  });
  const known = team ? [team.leader, ...team.members] : [];
  return (
    <Modal open title={t(team ? 'survey.team.edit' : 'survey.team.add')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden okButtonProps={{ 'data-testid': 'survey-team-ok' }}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate({ ...v, memberUserIds: v.memberUserIds ?? [] })}
        initialValues={team ? { name: team.name, leaderUserId: team.leader.userId, memberUserIds: team.members.map((m) => m.userId) } : { name: `第${['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'][c.teams.length] ?? c.teams.length + 1}调研组`, memberUserIds: [] }}
      >
        <Form.Item name="name" label={t('survey.team.name')} rules={[{ required: true, max: 100 }]}>
          <Input maxLength={100} data-testid="survey-team-name" />
        </Form.Item>
        <Form.Item name="leaderUserId" label={t('survey.team.leader')} rules={[{ required: true, message: t('common.selectRequired', { field: t('survey.team.leader') }) }]}>
          <PeopleSelect known={known} testId="survey-team-leader" />
        </Form.Item>
        <Form.Item name="memberUserIds" label={t('survey.team.members')}>
          <PeopleSelect multiple known={known} testId="survey-team-members" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
