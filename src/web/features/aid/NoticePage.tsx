import { DownloadOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Col, Descriptions, Row, Space, Statistic, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { AwardStatus } from '../../../contracts/aid';
import { Permission } from '../../../contracts/auth';
import { CATEGORY_LABELS, LEVEL_LABELS, SCHOOLING_LABELS } from '../../../contracts/registry';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useT, type Translator } from '../../app/i18n';
import { showError, toast } from '../../ui/feedback';
import { formatDate, formatDateTime, formatFen } from '../../ui/format';
import { LoadError, NotFound } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { enumLabel } from '../registry/labels';
import { todayShanghai } from '../registry/numbers';
import { aidKeys, confirmNotice, exportNotice, getNotice, type NoticeDto, type NoticeItem } from './api';
import { AwardStatusTag, Money } from './labels';
import { daysLeft } from './money';
import { ObjectionList, RaiseObjectionModal } from './ObjectionModals';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Opens the notice as a plain page for printing (names masked, as published). */
function printNotice(n: NoticeDto, t: Translator) {
  const w = window.open('', '_blank');
  if (!w) return;
  const rows = n.items
    .map(
      (it, i) =>
        `<tr><td>${i + 1}</td><td>${esc(it.maskedName)}</td><td>${esc(it.orgName)}</td><td>${esc(enumLabel(t, CATEGORY_LABELS, it.category))}</td><td>${esc(it.studentStage ? enumLabel(t, SCHOOLING_LABELS, it.studentStage) : '')}</td><td style="text-align:right">${formatFen(it.amountFen)}</td></tr>`,
    )
    .join('');
  w.document.write(`<!doctype html><html><head><meta charset="utf-8"><title>${esc(n.noticeNo)}</title>
<style>body{font-family:"Songti SC","SimSun",serif;margin:32px}h1{text-align:center;font-size:22px}p{font-size:14px}table{width:100%;border-collapse:collapse;font-size:13px}th,td{border:1px solid #333;padding:4px 6px}th{background:#eee}</style></head><body>
<h1>${esc(t('aid.notice.printTitle', { program: n.programName }))}</h1>
<p>${esc(t('aid.notice.no'))}${esc(t('aid.colon'))}${esc(n.noticeNo)}&emsp;${esc(t('aid.notice.period'))}${esc(t('aid.colon'))}${formatDate(n.startsOn)} ~ ${formatDate(n.endsOn)}</p>
<table><thead><tr><th>#</th><th>${esc(t('aid.notice.maskedName'))}</th><th>${esc(t('aid.org'))}</th><th>${esc(t('aid.award.category'))}</th><th>${esc(t('aid.award.stage'))}</th><th>${esc(t('aid.amountYuan'))}</th></tr></thead>
<tbody>${rows}</tbody><tfoot><tr><td colspan="5">${esc(t('aid.total'))} ${n.items.length}</td><td style="text-align:right">${formatFen(n.totalFen)}</td></tr></tfoot></table>
<p>${esc(t('aid.notice.printFooter', { org: n.fundingOrgName }))}</p><p style="text-align:right">${esc(n.fundingOrgName)}<br>${formatDate(n.publishedAt)}</p>
<script>window.onload=function(){window.print()}</script></body></html>`);
  w.document.close();
}

/** One public notice: the masked list, days left, objections (record, resolve), confirmation, print and .xlsx. */
export default function NoticePage() {
  const t = useT();
  const qc = useQueryClient();
  const { can } = useAuth();
  const { id = '' } = useParams();
  const [objecting, setObjecting] = useState<NoticeItem | null>(null);
  const [exporting, setExporting] = useState(false);
  const q = useQuery({ queryKey: aidKeys.notice(id), queryFn: () => getNotice(id), meta: { quiet: true } });
  const confirmAll = useMutation({
    mutationFn: () => confirmNotice(id),
    onSuccess: (r) => {
      toast()?.success(t('aid.notice.confirmResult', { confirmed: r.confirmed, still: r.stillObjected }));
      void qc.invalidateQueries({ queryKey: aidKeys.all });
    },
  });

  if (q.isError && isApiError(q.error) && (q.error.status === 404 || q.error.status === 400)) return <NotFound />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const n = q.data;
  if (!n) return <Card loading />;
  const left = daysLeft(n.endsOn, todayShanghai());
  const objected = n.items.filter((i) => i.openObjections > 0).length;
  const closed = n.status === 'closed';

  const columns: TableColumnsType<NoticeItem> = [
    { title: '#', key: 'i', width: 50, render: (_, _r, i) => i + 1 },
    { title: t('aid.award.no'), dataIndex: 'awardNo', width: 170, render: (v: string, r) => (can(Permission.AidRead) ? <Link to={`/aid/awards/${r.awardId}`}><Mono>{v}</Mono></Link> : <Mono>{v}</Mono>) },
    { title: t('aid.notice.maskedName'), dataIndex: 'maskedName', width: 90 },
    { title: t('aid.org'), dataIndex: 'orgName', ellipsis: true },
    { title: t('aid.award.category'), key: 'cat', width: 170, render: (_, r) => `${enumLabel(t, CATEGORY_LABELS, r.category)}${r.level ? ` · ${enumLabel(t, LEVEL_LABELS, r.level)}` : ''}` },
    { title: t('aid.award.stage'), dataIndex: 'studentStage', width: 100, render: (v: string | null) => (v ? enumLabel(t, SCHOOLING_LABELS, v) : '—') },
    { title: t('aid.amount'), dataIndex: 'amountFen', width: 120, align: 'right', render: (v: number) => <Money fen={v} /> },
    {
      title: t('aid.status'),
      dataIndex: 'status',
      width: 170,
      render: (v: AwardStatus, r) => (
        <Space size={4}>
          <AwardStatusTag value={v} testId={`notice-item-status-${r.awardNo}`} />
          {r.openObjections > 0 && <Tag color="warning">{r.openObjections}</Tag>}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'a',
      width: 120,
      render: (_, r) =>
        can(Permission.AidApply) && (r.status === 'in_notice' || r.status === 'objected') ? (
          <Button size="small" onClick={() => setObjecting(r)} data-testid={`notice-object-${r.awardNo}`}>
            {t('aid.notice.objection')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/aid/notices">{t('aid.notices.title')}</Link> }, { title: n.noticeNo }]} />
      <Card
        title={
          <Space wrap>
            <Mono>
              <span data-testid="notice-no">{n.noticeNo}</span>
            </Mono>
            <Link to={`/aid/programs/${n.programId}`}>{n.programName}</Link>
            {n.ended ? <Tag data-testid="notice-ended">{t('aid.notice.ended')}</Tag> : <Tag color="blue" data-testid="notice-days-left">{t('aid.notice.daysLeftN', { n: left })}</Tag>}
            {closed && (
              <Tag color="success" data-testid="notice-closed">
                {t('aid.notice.closed')}
              </Tag>
            )}
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} aria-label={t('common.refresh')} loading={q.isFetching} />
            <Button icon={<PrinterOutlined />} onClick={() => printNotice(n, t)} data-testid="notice-print">
              {t('aid.print')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={() => {
                setExporting(true);
                exportNotice(n.id, n.noticeNo)
                  .catch(showError)
                  .finally(() => setExporting(false));
              }}
              data-testid="notice-export"
            >
              {t('aid.notice.exportXlsx')}
            </Button>
            {can(Permission.AidReview) && (
              <Tooltip title={closed ? t('aid.notice.closedHint') : n.ended ? t('aid.notice.confirmAllHint') : t('aid.notice.notEnded')}>
                <Button type="primary" disabled={!n.ended || closed} loading={confirmAll.isPending} onClick={() => confirmAll.mutate()} data-testid="notice-confirm-all">
                  {t('aid.notice.confirmAll')}
                </Button>
              </Tooltip>
            )}
          </Space>
        }
      >
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.count')} value={n.items.length} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.total')} value={formatFen(n.totalFen)} data-testid="notice-total" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.notice.daysLeft')} value={n.ended ? 0 : left} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.award.objections')} value={objected} styles={{ content: { color: objected ? '#d46b08' : undefined } }} />
          </Col>
        </Row>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('aid.prog.fundingOrg')}>{n.fundingOrgName}</Descriptions.Item>
          <Descriptions.Item label={t('aid.notice.period')}>
            {formatDate(n.startsOn)} ~ {formatDate(n.endsOn)}
          </Descriptions.Item>
          <Descriptions.Item label={t('aid.notice.publishedBy')}>
            {n.publishedByName} · {formatDateTime(n.publishedAt, { seconds: false })}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('aid.notice.items')}>
        <Table<NoticeItem>
          rowKey="awardId"
          size="small"
          columns={columns}
          dataSource={n.items}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 1100 }}
          data-testid="notice-items"
          onRow={(r) => ({ 'data-testid': `notice-row-${r.awardNo}` }) as object}
          expandable={{ expandedRowRender: (r) => <ObjectionList awardId={r.awardId} /> }}
        />
      </Card>
      {objecting && <RaiseObjectionModal awardId={objecting.awardId} awardNo={objecting.awardNo} onClose={() => setObjecting(null)} />}
    </Space>
  );
}
