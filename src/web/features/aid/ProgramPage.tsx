import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Card, Col, Descriptions, Input, Modal, Progress, Row, Space, Statistic, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { AWARD_STATUSES, AWARD_STATUS_LABELS, type AwardStatus } from '../../../contracts/aid';
import { Permission } from '../../../contracts/auth';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { toast } from '../../ui/feedback';
import { formatDateTime, formatFen } from '../../ui/format';
import { LoadError, NotFound } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { enumLabel } from '../registry/labels';
import { todayShanghai } from '../registry/numbers';
import { aidKeys, getProgram, listRuleVersions, patchProgram, publishNotice, type ProgramDto, type RulesVersionDto } from './api';
import { BatchCreateModal } from './BatchCreateModal';
import { ProgramStatusTag, programTypeText } from './labels';
import { sharePct } from './money';
import { AwardTable, BatchTable, NoticeTable, RecoveryTable, RulesView } from './parts';

const TABS = ['awards', 'notices', 'batches', 'recoveries', 'versions'] as const;
type TabKey = (typeof TABS)[number];

function Versions({ program }: { program: ProgramDto }) {
  const t = useT();
  const q = useQuery({ queryKey: aidKeys.rules(program.id), queryFn: () => listRuleVersions(program.id) });
  const columns: TableColumnsType<RulesVersionDto> = [
    {
      title: t('aid.prog.version'),
      dataIndex: 'version',
      width: 110,
      render: (v: number) => (
        <Space size={4}>
          {t('aid.prog.versionN', { n: v })}
          {v === program.currentVersion && <Tag color="green">{t('aid.prog.current')}</Tag>}
        </Space>
      ),
    },
    { title: t('aid.prog.rules'), key: 'rules', render: (_, r) => <RulesView compact eligibility={r.eligibility} amount={r.amount} testId={`rules-v${r.version}`} /> },
    { title: t('aid.form.note'), dataIndex: 'note', width: 180, render: (v: string | null) => v ?? '—' },
    { title: t('aid.by'), key: 'by', width: 200, render: (_, r) => `${r.createdByName} · ${formatDateTime(r.createdAt, { seconds: false })}` },
  ];
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const rows = [...(q.data ?? [])].sort((a, b) => b.version - a.version);
  return <Table<RulesVersionDto> rowKey="version" size="small" columns={columns} dataSource={rows} loading={q.isPending} pagination={false} data-testid="rule-versions" />;
}

function PublishModal({ program, onClose }: { program: ProgramDto; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [startsOn, setStartsOn] = useState(todayShanghai());
  const publish = useMutation({
    mutationFn: () => publishNotice(program.id, startsOn || undefined),
    onSuccess: (n) => {
      toast()?.success(t('aid.prog.published'));
      void qc.invalidateQueries({ queryKey: aidKeys.all });
      onClose();
      navigate(`/aid/notices/${n.id}`);
    },
  });
  return (
    <Modal open title={t('aid.prog.publishNotice')} onCancel={onClose} onOk={() => publish.mutate()} confirmLoading={publish.isPending} okButtonProps={{ 'data-testid': 'notice-publish-submit' }} destroyOnHidden>
      <Typography.Paragraph>{t('aid.prog.publishHint', { days: program.noticeDays })}</Typography.Paragraph>
      <Space>
        {t('aid.prog.noticeStart')}
        <Input type="date" min={todayShanghai()} value={startsOn} onChange={(e) => setStartsOn(e.target.value)} data-testid="notice-starts-on" />
      </Space>
    </Modal>
  );
}

export default function ProgramPage() {
  const t = useT();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { can } = useAuth();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tab: TabKey = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as TabKey) : 'awards';
  const [publishing, setPublishing] = useState(false);
  const [batching, setBatching] = useState(false);
  const q = useQuery({ queryKey: aidKeys.program(id), queryFn: () => getProgram(id), meta: { quiet: true } });
  const setStatus = useMutation({
    mutationFn: (status: 'open' | 'closed') => patchProgram(id, { version: q.data!.version, status }),
    onSuccess: () => {
      toast()?.success(t('aid.prog.saved'));
      void qc.invalidateQueries({ queryKey: aidKeys.all });
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 409) void q.refetch();
    },
  });

  if (q.isError && isApiError(q.error) && (q.error.status === 404 || q.error.status === 400)) return <NotFound />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const p = q.data;
  if (!p) return <Card loading />;
  const counts = Object.entries(p.counts).filter(([, n]) => n > 0);
  const approved = p.counts.approved ?? 0;
  const confirmed = p.counts.confirmed ?? 0;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/aid">{t('aid.programs.title')}</Link> }, { title: p.name }]} />
      <Card
        title={
          <Space wrap>
            <span data-testid="program-title">{p.name}</span>
            <Mono>{p.code}</Mono>
            <Tag>{programTypeText(t, p.type, p.customType)}</Tag>
            <ProgramStatusTag value={p.status} />
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} aria-label={t('common.refresh')} loading={q.isFetching} />
            {can(Permission.AidApply) && p.status === 'open' && (
              <Button type="primary" onClick={() => navigate(`/aid/apply?programId=${p.id}`)} data-testid="program-apply">
                {t('aid.prog.apply')}
              </Button>
            )}
            {can(Permission.AidReview) && (
              <>
                <Button icon={<EditOutlined />} onClick={() => navigate(`/aid/programs/${p.id}/edit`)} data-testid="program-edit">
                  {t('aid.prog.edit')}
                </Button>
                <Button disabled={approved === 0} onClick={() => setPublishing(true)} data-testid="program-publish-notice" title={approved === 0 ? t('aid.prog.noApproved') : undefined}>
                  {t('aid.prog.publishNotice')}
                  {approved > 0 ? ` (${approved})` : ''}
                </Button>
                {p.status === 'open' ? (
                  <Button
                    danger
                    loading={setStatus.isPending}
                    onClick={() => modal.confirm({ title: t('aid.prog.close'), content: t('aid.prog.closeConfirm'), onOk: () => setStatus.mutateAsync('closed') })}
                    data-testid="program-close"
                  >
                    {t('aid.prog.close')}
                  </Button>
                ) : (
                  <Button loading={setStatus.isPending} onClick={() => setStatus.mutate('open')} data-testid="program-reopen">
                    {t('aid.prog.reopen')}
                  </Button>
                )}
              </>
            )}
            {can(Permission.AidDisburse) && (
              <Button disabled={confirmed === 0} onClick={() => setBatching(true)} data-testid="program-new-batch">
                {t('aid.prog.newBatch')}
                {confirmed > 0 ? ` (${confirmed})` : ''}
              </Button>
            )}
          </Space>
        }
      >
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.prog.budget')} value={formatFen(p.budgetFen)} data-testid="program-budget-stat" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.prog.committed')} value={formatFen(p.committedFen)} data-testid="program-committed-stat" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.prog.paid')} value={formatFen(p.paidFen)} styles={{ content: { color: '#389e0d' } }} data-testid="program-paid-stat" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.prog.available')} value={formatFen(p.availableFen)} styles={{ content: { color: p.availableFen > 0 ? '#1f5aa6' : '#cf1322' } }} data-testid="program-available-stat" />
          </Col>
        </Row>
        <Progress
          style={{ marginTop: 12 }}
          percent={sharePct(p.committedFen, p.budgetFen)}
          success={{ percent: sharePct(p.paidFen, p.budgetFen) }}
          format={() => `${sharePct(p.committedFen, p.budgetFen)}%`}
          data-testid="program-budget-bar"
        />
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('aid.prog.fundingOrg')}>{p.fundingOrgName}</Descriptions.Item>
          <Descriptions.Item label={t('aid.programs.year')}>{p.year}</Descriptions.Item>
          <Descriptions.Item label={t('aid.prog.window')}>
            {p.windowStart} ~ {p.windowEnd}
          </Descriptions.Item>
          <Descriptions.Item label={t('aid.prog.noticeDays')}>{p.noticeDays}</Descriptions.Item>
          <Descriptions.Item label={t('aid.prog.version')}>{t('aid.prog.versionN', { n: p.currentVersion })}</Descriptions.Item>
          <Descriptions.Item label={t('aid.prog.counts')}>
            <Space size={4} wrap data-testid="program-counts">
              {counts.length
                ? counts
                    .sort((a, b) => AWARD_STATUSES.indexOf(a[0] as AwardStatus) - AWARD_STATUSES.indexOf(b[0] as AwardStatus))
                    .map(([k, n]) => (
                      <Tag key={k} style={{ marginInlineEnd: 0 }}>
                        {enumLabel(t, AWARD_STATUS_LABELS, k)} {n}
                      </Tag>
                    ))
                : '—'}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('aid.prog.rules')} size="small">
        <RulesView eligibility={p.rules.eligibility} amount={p.rules.amount} />
      </Card>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'awards' ? {} : { tab: k }, { replace: true })}
          data-testid="program-tabs"
          items={[
            { key: 'awards', label: <span data-testid="program-tab-awards">{t('aid.prog.tab.awards')}</span>, children: <AwardTable base={{ programId: p.id }} /> },
            { key: 'notices', label: <span data-testid="program-tab-notices">{t('aid.prog.tab.notices')}</span>, children: <NoticeTable programId={p.id} /> },
            { key: 'batches', label: <span data-testid="program-tab-batches">{t('aid.prog.tab.batches')}</span>, children: <BatchTable programId={p.id} /> },
            { key: 'recoveries', label: <span data-testid="program-tab-recoveries">{t('aid.prog.tab.recoveries')}</span>, children: <RecoveryTable programId={p.id} /> },
            { key: 'versions', label: <span data-testid="program-tab-versions">{t('aid.prog.tab.versions')}</span>, children: <Versions program={p} /> },
          ]}
        />
      </Card>
      {publishing && <PublishModal program={p} onClose={() => setPublishing(false)} />}
      {batching && <BatchCreateModal programId={p.id} onClose={() => setBatching(false)} />}
    </Space>
  );
}
