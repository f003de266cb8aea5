import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Col, Empty, Row, Space, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import type { EChartsOption } from 'echarts';
import { Link, useParams } from 'react-router';
import type { ReportRow } from '../../../contracts/survey';
import { useT } from '../../app/i18n';
import { EChart } from '../../ui/EChart';
import { formatFen } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { getReport, pct, reportXlsxUrl, surveyKeys, type CampaignReport } from './api';

type Label = (r: ReportRow) => string;

function bar(rows: ReportRow[], label: Label, color: string, horizontal = false): EChartsOption {
  const cat = { type: 'category' as const, data: rows.map(label), axisLabel: { interval: 0, fontSize: 11 } };
  const val = { type: 'value' as const, minInterval: 1 };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: horizontal ? { left: 110, right: 70, top: 10, bottom: 20 } : { left: 40, right: 16, top: 30, bottom: 40 },
    xAxis: horizontal ? val : cat,
    yAxis: horizontal ? { ...cat, inverse: true } : val,
    series: [
      {
        type: 'bar',
        barMaxWidth: 40,
        itemStyle: { color },
        data: rows.map((r) => ({ value: r.count, pctBp: r.pctBp })),
        label: { show: true, position: horizontal ? 'right' : 'top', fontSize: 11, formatter: (p: { data: { value: number; pctBp: number } }) => `${p.data.value} · ${pct(p.data.pctBp)}` } as object,
      },
    ],
  };
}

function pie(rows: ReportRow[], label: Label): EChartsOption {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['34%', '58%'],
        center: ['50%', '44%'],
        label: { formatter: (p: { name: string; data: { pctBp: number } }) => `${p.name}\n${pct(p.data.pctBp)}` } as object,
        data: rows.map((r) => ({ name: label(r), value: r.count, pctBp: r.pctBp })),
      },
    ],
  };
}

function RowsTable({ rows, testId }: { rows: ReportRow[]; testId?: string }) {
  const t = useT();
  const columns: TableColumnsType<ReportRow> = [
    { title: t('survey.rep.item'), render: (_, r) => t.label(r) },
    { title: t('survey.rep.count'), dataIndex: 'count', width: 110, align: 'right' },
    { title: t('survey.rep.share'), dataIndex: 'pctBp', width: 110, align: 'right', render: (v: number) => pct(v) },
  ];
  return <Table rowKey="key" size="small" columns={columns} dataSource={rows} pagination={false} data-testid={testId} />;
}

/** The campaign report: charts first, then the tables, and the .xlsx export. */
export default function ReportPage() {
  const { id = '' } = useParams();
  const t = useT();
  const q = useQuery({ queryKey: surveyKeys.report(id), queryFn: () => getReport(id) });
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data;
  if (!r) return <Card loading />;
  const label: Label = (x) => t.label(x);
  const region: Label = (x) => x.zh;
  const charts: Array<{ key: keyof CampaignReport; title: string; option: EChartsOption | null; testId: string }> = [
    { key: 'byRegion', title: t('survey.rep.byRegion'), option: r.byRegion.length ? bar(r.byRegion, region, '#1f5aa6') : null, testId: 'survey-chart-region' },
    { key: 'byCategory', title: t('survey.rep.byCategory'), option: r.byCategory.length ? pie(r.byCategory, label) : null, testId: 'survey-chart-category' },
    { key: 'byLevel', title: t('survey.rep.byLevel'), option: r.byLevel.length ? bar(r.byLevel, label, '#d46b08') : null, testId: 'survey-chart-level' },
    { key: 'byCause', title: t('survey.rep.byCause'), option: r.byCause.length ? bar(r.byCause, label, '#d4380d', true) : null, testId: 'survey-chart-cause' },
    { key: 'assistance', title: r.assistanceSource === 'measures' ? t('survey.rep.assistanceMeasures') : t('survey.rep.assistance'), option: r.assistance.length ? bar(r.assistance, label, '#389e0d', true) : null, testId: 'survey-chart-assistance' },
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="survey-report">
      <Breadcrumb items={[{ title: <Link to="/surveys">{t('survey.campaigns')}</Link> }, { title: <Link to={`/surveys/${id}`}>{r.campaign.name}</Link> }, { title: t('survey.report') }]} />
      <Card
        title={`${r.campaign.name} · ${t('survey.report')}`}
        extra={
          <a href={reportXlsxUrl(id)} download data-testid="survey-report-export">
            <Button icon={<DownloadOutlined />}>{t('survey.exportReport')}</Button>
          </a>
        }
      >
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Statistic title={t('survey.rep.assigned')} value={r.assigned} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('survey.rep.surveyed')} value={r.surveyed} data-testid="survey-rep-surveyed" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('survey.rep.coverage')} value={pct(r.coverageBp)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('survey.period')} value={`${r.campaign.periodStart} ~ ${r.campaign.periodEnd}`} valueStyle={{ fontSize: 16 }} />
          </Col>
        </Row>
        <Typography.Paragraph style={{ marginTop: 12 }} data-testid="survey-rep-summary">
          {t('survey.rep.summary', { assigned: r.assigned, surveyed: r.surveyed, coverage: pct(r.coverageBp) })}
          {r.byCategory
            .filter((x) => x.key && x.key !== 'not_eligible')
            .map((x) => `${t.label(x)} ${x.count}（${pct(x.pctBp)}）`)
            .join('；')}
        </Typography.Paragraph>
      </Card>
      {r.surveyed === 0 ? (
        <Card>
          <Empty description={t('survey.rep.none')} />
        </Card>
      ) : (
        <>
          <Row gutter={[16, 16]}>
            {charts.map((c) => (
              <Col xs={24} lg={12} key={c.key}>
                <Card size="small" title={c.title}>
                  {c.option ? <EChart option={c.option} height={280} testId={c.testId} /> : <Empty description={c.key === 'assistance' ? t('survey.rep.noAssistance') : undefined} />}
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[16, 16]}>
            {charts.map((c) => (
              <Col xs={24} lg={12} key={c.key}>
                <Card size="small" title={c.title}>
                  <RowsTable rows={r[c.key] as ReportRow[]} testId={`survey-table-${c.key}`} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card title={t('survey.rep.questions')}>
            <Row gutter={[16, 16]}>
              {r.questions.map((x) => (
                <Col xs={24} lg={12} key={x.key}>
                  <Card size="small" title={t.label(x)} extra={t('survey.rep.answeredN', { n: x.answered })}>
                    {x.numeric && (
                      <Typography.Paragraph>
                        {[
                          [t('survey.rep.sum'), x.numeric.sum],
                          [t('survey.rep.mean'), x.numeric.mean],
                          [t('survey.rep.min'), x.numeric.min],
                          [t('survey.rep.max'), x.numeric.max],
                        ]
                          .map(([k, v]) => `${k} ${x.type === 'money' ? formatFen(v as number) : v}`)
                          .join(' · ')}
                      </Typography.Paragraph>
                    )}
                    {x.rows.length > 0 && <RowsTable rows={x.rows} />}
                  </Card>
                </Col>
              ))}
            </Row>
          </Card>
        </>
      )}
    </Space>
  );
}
