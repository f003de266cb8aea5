import { CloudUploadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Progress, Result, Row, Steps, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import {
  ENROLMENT_IMPORT_MAX_BYTES,
  ENROLMENT_IMPORT_MODE_LABELS,
  ENROLMENT_IMPORT_MODES,
  ENROLMENT_IMPORT_OUTCOME_LABELS,
  type EnrolmentImportIssueDto,
  type EnrolmentImportMode,
} from '../../../contracts/mutual-aid-enrolment';
import { useT } from '../../app/i18n';
import { errorText, showError } from '../../ui/feedback';
import { ImportCounts, ImportIssues, ImportModeChoice, ImportResultActions, XlsxDropZone } from '../../ui/importParts';
import { Mono } from '../../ui/tags';
import { downloadReport, downloadTemplate, enrolmentKeys, type EnrolmentImportResultDto, importMembers, type UnitDto } from './enrolment.api';

/**
 * 批量入会 wizard: the template of the unit and period, the upload with a mode, the upload's progress, and the result
 * with its per-row issues and the downloadable report.
 */
export function UnitImportWizard({ unit, period }: { unit: UnitDto; period: number }) {
  const t = useT();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<EnrolmentImportMode>('all-or-nothing');
  const [percent, setPercent] = useState(0);
  const [result, setResult] = useState<EnrolmentImportResultDto | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);

  const start = useMutation({
    meta: { quiet: true },
    mutationFn: () => {
      setPercent(0);
      return importMembers(unit.id, file!, mode, period, setPercent);
    },
    onSuccess: (r) => {
      setResult(r);
      setFile(null);
      if (r.outcome === 'written') void qc.invalidateQueries({ queryKey: enrolmentKeys.all });
    },
  });

  const download = async (key: string, fn: () => Promise<void>) => {
    setDownloading(key);
    try {
      await fn();
    } catch (e) {
      showError(e);
    } finally {
      setDownloading(null);
    }
  };

  const step = result ? 3 : start.isPending ? 2 : file ? 1 : 0;
  return (
    <div data-testid="unit-import">
      <Steps
        current={step}
        size="small"
        style={{ marginBottom: 20 }}
        items={[{ title: t('ma.import.step1') }, { title: t('ma.import.step2') }, { title: t('ma.import.step3') }, { title: t('ma.import.step4') }]}
      />
      {result ? (
        <ImportResult
          result={result}
          downloading={downloading === 'report'}
          onReport={() => void download('report', () => downloadReport(unit.id, result.reportId, `${t('ma.import.reportName')}-${unit.name}-${result.period}.xlsx`))}
          onAgain={() => {
            setResult(null);
            start.reset();
          }}
        />
      ) : (
        <Row gutter={24}>
          <Col xs={24} lg={9}>
            <Card size="small" title={`1. ${t('ma.import.step1')}`}>
              <Typography.Paragraph type="secondary">{t('ma.import.templateHint', { period })}</Typography.Paragraph>
              <Button
                icon={<FileExcelOutlined />}
                loading={downloading === 'template'}
                onClick={() => void download('template', () => downloadTemplate(unit.id, period, `${t('ma.import.templateName')}-${unit.name}-${period}.xlsx`))}
                data-testid="import-template"
              >
                {t('ma.import.downloadTemplate')}
              </Button>
            </Card>
          </Col>
          <Col xs={24} lg={15}>
            <Card size="small" title={`2. ${t('ma.import.step2')}`}>
              <XlsxDropZone
                file={file}
                onFile={setFile}
                maxBytes={ENROLMENT_IMPORT_MAX_BYTES}
                tooLarge={t('ma.import.tooLarge')}
                drop={t('ma.import.drop')}
                hint={t('ma.import.dropHint', { period })}
                disabled={start.isPending}
              />
              <ImportModeChoice label={t('ma.import.mode')} value={mode} onChange={setMode} modes={ENROLMENT_IMPORT_MODES} labels={ENROLMENT_IMPORT_MODE_LABELS} />
              {start.isPending && (
                <div style={{ marginTop: 16 }} data-testid="import-progress">
                  <Progress percent={percent < 100 ? percent : 99} status="active" />
                  <Typography.Text type="secondary">{percent < 100 ? t('ma.import.uploading') : t('ma.import.processing')}</Typography.Text>
                </div>
              )}
              {start.isError && <Alert type="error" showIcon style={{ marginTop: 16 }} title={t('ma.import.refused')} description={errorText(start.error)} data-testid="import-error" />}
              <Button type="primary" icon={<CloudUploadOutlined />} disabled={!file} loading={start.isPending} onClick={() => start.mutate()} style={{ marginTop: 16 }} data-testid="import-start">
                {t('ma.import.start')}
              </Button>
            </Card>
          </Col>
        </Row>
      )}
    </div>
  );
}

function ImportResult({ result, downloading, onReport, onAgain }: { result: EnrolmentImportResultDto; downloading: boolean; onReport: () => void; onAgain: () => void }) {
  const t = useT();
  const c = result.counts;
  const columns: TableColumnsType<EnrolmentImportIssueDto> = [
    { title: t('ma.import.row'), dataIndex: 'row', width: 70, align: 'right', render: (v: number | null) => v ?? '—' },
    { title: t('ma.import.column'), key: 'col', width: 140, render: (_, i) => (i.columnLetter || i.columnLabel ? `${i.columnLetter ?? ''} ${i.columnLabel ?? ''}`.trim() : '—') },
    { title: t('ma.import.reason'), key: 'reason', render: (_, i) => t.label(i) },
    { title: t('ma.import.value'), dataIndex: 'value', width: 200, render: (v: string | null) => (v ? <Mono>{v}</Mono> : '—') },
  ];
  const status = result.outcome === 'written' ? (c.issues ? 'warning' : 'success') : result.outcome === 'dry_run' ? (c.issues ? 'warning' : 'success') : c.issues ? 'error' : 'info';
  return (
    <div data-testid="import-result">
      <Result
        status={status}
        style={{ padding: '8px 0' }}
        title={t.label(ENROLMENT_IMPORT_OUTCOME_LABELS[result.outcome])}
        subTitle={[result.fileName, result.message ? t.label(result.message) : null].filter(Boolean).join(' · ')}
        extra={<ImportResultActions downloading={downloading} onReport={onReport} onAgain={onAgain} reportLabel={t('ma.import.downloadReport')} againLabel={t('ma.import.again')} />}
      />
      <ImportCounts
        items={(
          [
            ['ma.import.count.rows', c.rows],
            ['ma.import.count.created', c.created],
            ['ma.import.count.updated', c.updated],
            ['ma.import.count.unchanged', c.unchanged],
            ['ma.import.count.enrolments', c.enrolments],
            ['ma.import.count.blank', c.blankRows],
            ['ma.import.count.invalid', c.invalid],
            ['ma.import.count.issues', c.issues],
          ] as const
        ).map(([k, v]) => ({ key: k, title: t(k), value: v, danger: k === 'ma.import.count.invalid' || k === 'ma.import.count.issues' }))}
      />
      <ImportIssues<EnrolmentImportIssueDto>
        title={t('ma.import.issues', { shown: result.issues.length, total: c.issues })}
        issues={result.issues}
        columns={columns}
        rowKey={(i, n) => `${i.row}-${i.column}-${i.code}-${n}`}
      />
    </div>
  );
}
