import { CloudUploadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Progress, Result, Row, Space, Steps, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  IMPORT_MAX_BYTES,
  IMPORT_MODES,
  IMPORT_MODE_LABELS,
  IMPORT_PHASE_LABELS,
  XLSX_CONTENT_TYPE,
  type ImportIssueDto,
  type ImportJobDto,
  type ImportMode,
} from '../../../contracts/registry-import';
import { ApiError, api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { getLang, translate, useT } from '../../app/i18n';
import { showError } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';
import { ImportCounts, ImportIssues, ImportModeChoice, ImportResultActions, XlsxDropZone } from '../../ui/importParts';
import { LoadError } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { OrgTreeSelect } from '../orgs/OrgTreeSelect';
import { downloadFile } from './api';
import { advisesCommandLine } from './importAdvice';

const BASE = '/api/v1/registry/import';

/** Sends the workbook itself as the request body; the server answers 202 with the job to poll. */
async function startImport(file: File, mode: ImportMode, orgCode: string): Promise<ImportJobDto> {
  const qs = new URLSearchParams({ mode, org: orgCode, filename: file.name });
  let res: Response;
  try {
    res = await fetch(`${BASE}?${qs}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': XLSX_CONTENT_TYPE, Accept: 'application/json', 'Accept-Language': getLang() === 'en' ? 'en' : 'zh-CN,zh;q=0.9' },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', translate('error.network'));
  }
  const json = (await res.json().catch(() => undefined)) as ({ error?: { code?: string; message?: string; details?: unknown } } & ImportJobDto) | undefined;
  if (!res.ok) throw new ApiError(res.status, json?.error?.code ?? `HTTP_${res.status}`, json?.error?.message ?? translate('error.unexpected', { status: res.status }), json?.error?.details);
  return json as ImportJobDto;
}

const running = (j: ImportJobDto | undefined) => !!j && (j.status === 'queued' || j.status === 'running');

/**
 * 摸底上报 by Excel: the template of the reporting union, the upload with a mode, the job's progress
 * (polled), and the result with its per-row report.
 */
export default function ImportPage() {
  const t = useT();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const jobId = params.get('job');
  const [org, setOrg] = useState<{ id: string; code: string }>({ id: me.org.id, code: me.org.code });
  const [mode, setMode] = useState<ImportMode>('all-or-nothing');
  const [file, setFile] = useState<File | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);

  // which database the server runs on: a large file on the embedded one gets advice before it is sent
  const health = useQuery({ queryKey: ['health'], queryFn: () => api<{ driver: string }>('/api/health'), staleTime: 60_000, meta: { quiet: true }, retry: false });
  const job = useQuery({
    queryKey: ['registry', 'import', jobId],
    queryFn: () => api<ImportJobDto>(`${BASE}/jobs/${jobId}`),
    enabled: !!jobId,
    refetchInterval: (q) => (running(q.state.data) || !q.state.data ? 1000 : false),
    meta: { quiet: true },
    retry: false,
  });

  const start = useMutation({
    meta: { quiet: true },
    mutationFn: () => startImport(file!, mode, org.code),
    onSuccess: (j) => {
      setParams({ job: j.id }, { replace: false });
      setFile(null);
    },
  });

  const download = async (key: string, path: string, query: Record<string, string>, name: string) => {
    setDownloading(key);
    try {
      await downloadFile(path, query, name);
    } catch (e) {
      showError(e);
    } finally {
      setDownloading(null);
    }
  };

  const j = job.data;
  const step = !jobId ? (file ? 1 : 0) : running(j) ? 2 : 3;

  return (
    <Card title={t('import.title')} data-testid="registry-import">
      <Steps
        current={step}
        style={{ marginBottom: 24 }}
        items={[
          { title: t('import.step1'), content: t('import.step1.desc') },
          { title: t('import.step2'), content: t('import.step2.desc') },
          { title: t('import.step3'), content: t('import.step3.desc') },
          { title: t('import.step4'), content: t('import.step4.desc') },
        ]}
      />

      {!jobId ? (
        <Row gutter={24}>
          <Col xs={24} lg={10}>
            <Card size="small" title={<span>1. {t('import.step1')}</span>}>
              <Typography.Paragraph type="secondary">{t('import.orgHint')}</Typography.Paragraph>
              <Space orientation="vertical" style={{ width: '100%' }}>
                <OrgTreeSelect value={org.id} onChange={(id, o) => id && o && setOrg({ id, code: o.code })} withinPath={me.scope.orgPath} style={{ width: '100%' }} data-testid="import-org" />
                <Button
                  icon={<FileExcelOutlined />}
                  loading={downloading === 'template'}
                  onClick={() => void download('template', `${BASE}/template`, { org: org.code }, `${t('import.templateName')}.xlsx`)}
                  data-testid="import-template"
                >
                  {t('import.downloadTemplate')}
                </Button>
              </Space>
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card size="small" title={<span>2. {t('import.step2')}</span>}>
              <XlsxDropZone file={file} onFile={setFile} maxBytes={IMPORT_MAX_BYTES} tooLarge={t('import.tooLarge')} drop={t('import.drop')} hint={t('import.dropHint')} />
              {file && advisesCommandLine(file.size, health.data?.driver) && (
                <Alert type="warning" showIcon style={{ marginTop: 16 }} title={t('import.largeOnEmbedded')} description={t('import.largeOnEmbedded.desc')} data-testid="import-large" />
              )}
              <ImportModeChoice label={t('import.mode')} value={mode} onChange={setMode} modes={IMPORT_MODES} labels={IMPORT_MODE_LABELS} />
              {start.isError && <Alert type="error" showIcon style={{ marginTop: 16 }} title={t('import.refused')} description={(start.error as Error).message} data-testid="import-error" />}
              <Button type="primary" icon={<CloudUploadOutlined />} disabled={!file} loading={start.isPending} onClick={() => start.mutate()} style={{ marginTop: 16 }} data-testid="import-start">
                {t('import.start')}
              </Button>
            </Card>
          </Col>
        </Row>
      ) : job.isError ? (
        <LoadError error={job.error} onRetry={() => setParams({}, { replace: true })} />
      ) : !j ? (
        <Card loading />
      ) : (
        <JobView
          job={j}
          downloading={downloading === 'report'}
          onReport={() => void download('report', `${BASE}/jobs/${j.id}/report`, {}, `${t('import.reportName')}.xlsx`)}
          onAgain={() => setParams({}, { replace: false })}
        />
      )}
    </Card>
  );
}

function JobView({ job, downloading, onReport, onAgain }: { job: ImportJobDto; downloading: boolean; onReport: () => void; onAgain: () => void }) {
  const t = useT();
  const busy = running(job);
  const c = job.counts;
  const columns: TableColumnsType<ImportIssueDto> = [
    { title: t('import.sheet'), dataIndex: 'sheetName', width: 90, render: (v: string | null) => v ?? '—' },
    { title: t('import.row'), dataIndex: 'row', width: 70, align: 'right', render: (v: number | null) => v ?? '—' },
    {
      title: t('import.column'),
      key: 'col',
      width: 150,
      render: (_, i) => (i.columnLetter || i.columnLabel ? `${i.columnLetter ?? ''} ${i.columnLabel ?? ''}`.trim() : '—'),
    },
    { title: t('import.seq'), dataIndex: 'seq', width: 80, render: (v: string | null) => v ?? '—' },
    { title: t('import.reason'), key: 'reason', render: (_, i) => t.label(i) },
    { title: t('import.value'), dataIndex: 'value', width: 180, render: (v: string | null) => (v ? <Mono>{v}</Mono> : '—') },
  ];
  const outcomeType = job.status === 'failed' ? 'error' : job.outcome === 'written' ? (c.issues ? 'warning' : 'success') : job.outcome === 'dry_run' ? (c.issues ? 'warning' : 'success') : 'warning';

  return (
    <div data-testid="import-job">
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('import.file')}>{job.fileName}</Descriptions.Item>
        <Descriptions.Item label={t('import.org')}>{job.org.name}</Descriptions.Item>
        <Descriptions.Item label={t('import.mode')}>{t.label(IMPORT_MODE_LABELS[job.mode])}</Descriptions.Item>
        <Descriptions.Item label={t('import.started')}>{formatDateTime(job.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('import.finished')}>{formatDateTime(job.finishedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('import.phase')}>
          <Tag color={busy ? 'processing' : job.status === 'failed' ? 'error' : 'success'}>{t.label(IMPORT_PHASE_LABELS[job.phase])}</Tag>
        </Descriptions.Item>
      </Descriptions>

      <Progress percent={job.progress.percent} status={busy ? 'active' : job.status === 'failed' ? 'exception' : 'success'} data-testid="import-progress" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(job.progress.rowsTotal === null ? 'import.progressNoTotal' : 'import.progress', {
          rows: job.progress.rowsRead.toLocaleString('en-US'),
          total: job.progress.rowsTotal?.toLocaleString('en-US'),
          done: job.progress.householdsDone.toLocaleString('en-US'),
          households: job.progress.householdsTotal.toLocaleString('en-US'),
        })}
      </Typography.Text>

      {!busy && (
        <Result
          status={outcomeType}
          style={{ padding: '24px 0 8px' }}
          title={job.status === 'failed' ? t('import.failed') : job.outcome ? t(`import.outcome.${job.outcome}`) : t('import.done')}
          subTitle={job.message ? t.label(job.message) : undefined}
          extra={<ImportResultActions downloading={downloading} onReport={job.reportReady ? onReport : undefined} onAgain={onAgain} reportLabel={t('import.downloadReport')} againLabel={t('import.again')} />}
          data-testid="import-result"
        />
      )}

      <ImportCounts
        items={(
          [
            ['import.count.householdRows', c.householdRows],
            ['import.count.memberRows', c.memberRows],
            ['import.count.created', c.created],
            ['import.count.updated', c.updated],
            ['import.count.unchanged', c.unchanged],
            ['import.count.invalid', c.invalid],
            ['import.count.issues', c.issues],
          ] as const
        ).map(([k, v]) => ({ key: k, title: t(k), value: v, danger: k === 'import.count.invalid' || k === 'import.count.issues' }))}
      />

      <ImportIssues<ImportIssueDto>
        title={t('import.issues', { shown: job.issues.length, total: c.issues })}
        issues={job.issues}
        columns={columns}
        rowKey={(i, n) => `${i.sheet}-${i.row}-${i.column}-${i.code}-${n}`}
        scrollX={900}
      />
    </div>
  );
}
