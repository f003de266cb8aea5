import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Permission } from '../../../contracts/auth';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { formatDateTime, formatFen } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { listDibaoLines, putDibaoLine, registryKeys, type DibaoLineDto } from './api';
import { decimalRule, RegionSelect, useActorRegion, yuanRule, YuanInput } from './inputs';
import { bpToMultiplier, bpToPercent, currentYear, decimalToScaled, fenToYuanText, yuanTextToFen } from './numbers';

interface Values {
  regionCode?: string;
  year?: number;
  line?: string;
  k?: string;
  share?: string;
}

const FIELD_MAP: Record<string, string> = { regionCode: 'regionCode', year: 'year', dibaoLineFen: 'line', nearDibaoMultiplierBp: 'k', rigidSpendingShareBp: 'share' };

function LineModal({ line, year, onClose }: { line: DibaoLineDto | null; year: number; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const home = useActorRegion();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: Values) =>
      putDibaoLine({
        regionCode: v.regionCode!,
        year: v.year!,
        dibaoLineFen: yuanTextToFen(v.line)!,
        nearDibaoMultiplierBp: decimalToScaled(v.k, 4)!,
        rigidSpendingShareBp: decimalToScaled(v.share, 2)!,
      }),
    onSuccess: () => {
      toast()?.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: ['registry', 'dibao-lines'] });
      void qc.invalidateQueries({ queryKey: ['registry', 'assess'] });
      onClose();
    },
    onError: (e) => {
      // the server names API fields; put them on the inputs that hold them
      const d = (e as { details?: Array<{ path?: string }> }).details;
      if (Array.isArray(d)) for (const x of d) if (x.path && FIELD_MAP[x.path]) x.path = FIELD_MAP[x.path];
      applyFormError(form, e, ['regionCode', 'year', 'line', 'k', 'share']);
    },
  });
  const k = Form.useWatch('k', form);
  const lineText = Form.useWatch('line', form);
  const kBp = decimalToScaled(k, 4);
  const lineFen = yuanTextToFen(lineText);
  return (
    <Modal
      open
      title={line ? t('lines.editTitle', { region: line.regionName ?? line.regionCode, year: line.year }) : t('lines.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'line-submit' }}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={560}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        style={{ marginTop: 12 }}
        initialValues={
          line
            ? { regionCode: line.regionCode, year: line.year, line: fenToYuanText(line.dibaoLineFen, true), k: bpToMultiplier(line.nearDibaoMultiplierBp), share: bpToPercent(line.rigidSpendingShareBp) }
            : { regionCode: home, year, k: '1.5', share: '80' }
        }
        onFinish={(v) => save.mutate(v)}
        data-testid="line-form"
      >
        <Row gutter={12}>
          <Col span={16}>
            <Form.Item name="regionCode" label={t('lines.region')} rules={[{ required: true, message: t('common.selectRequired', { field: t('lines.region') }) }]} extra={t('lines.regionHint')}>
              <RegionSelect within={home} id="line-region" disabled={!!line} data-testid="line-region" allowClear={false} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="year" label={t('assess.year')} rules={[{ required: true, type: 'integer', min: 2000, max: 2100, message: t('assess.yearInvalid') }]}>
              <InputNumber id="line-year" min={2000} max={2100} precision={0} style={{ width: '100%' }} disabled={!!line} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="line"
          label={t('lines.line')}
          rules={[yuanRule(t, { required: true, field: t('lines.line'), minFen: 1, maxFen: 10_000_000 })]}
          extra={t('lines.lineHint')}
        >
          <YuanInput id="line-amount" data-testid="line-amount" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="k"
              label={t('lines.k')}
              rules={[decimalRule(t, 4, 10000, 50000, t('lines.kInvalid'))]}
              extra={kBp && lineFen ? t('lines.kHint', { limit: formatFen(Math.round((kBp * lineFen) / 10000)) }) : t('lines.kRange')}
            >
              <Input id="line-k" inputMode="decimal" suffix="×" maxLength={8} data-testid="line-k" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="share" label={t('lines.share')} rules={[decimalRule(t, 2, 1, 10000, t('lines.shareInvalid'))]} extra={t('lines.shareHint')}>
              <Input id="line-share" inputMode="decimal" suffix="%" maxLength={8} data-testid="line-share" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

export default function DibaoLinesPage() {
  const t = useT();
  const { can, me } = useAuth();
  const home = useActorRegion();
  const [params, setParams] = useSearchParams();
  const yearParam = params.get('year');
  const year = yearParam === 'all' ? undefined : Number(yearParam) || currentYear();
  const [dialog, setDialog] = useState<{ line: DibaoLineDto | null } | null>(null);
  const canConfigure = can(Permission.RegistryConfigure);
  const all = useQuery({ queryKey: registryKeys.dibaoLines(), queryFn: () => listDibaoLines() });
  const years = useMemo(() => {
    const set = new Set<number>([currentYear(), ...(all.data?.items ?? []).map((l) => l.year)]);
    return [...set].sort((a, b) => b - a);
  }, [all.data]);
  const rows = useMemo(() => (all.data?.items ?? []).filter((l) => year === undefined || l.year === year).sort((a, b) => b.year - a.year || a.regionCode.localeCompare(b.regionCode)), [all.data, year]);
  const mine = (l: DibaoLineDto) => canConfigure && !!me.scope.regionCode && l.regionCode.startsWith(me.scope.regionCode);

  const columns: TableColumnsType<DibaoLineDto> = [
    {
      title: t('lines.region'),
      dataIndex: 'regionCode',
      render: (v: string, l) => (
        <div style={{ lineHeight: 1.5 }}>
          <div>{l.regionName ?? v}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <Mono>{v}</Mono> · {t(v.length === 2 ? 'lines.level.province' : v.length === 4 ? 'lines.level.city' : 'lines.level.county')}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('assess.year'), dataIndex: 'year', width: 80 },
    { title: t('lines.line'), dataIndex: 'dibaoLineFen', width: 150, align: 'right', render: (v: number) => <span data-testid="line-value">{formatFen(v)}</span> },
    { title: t('lines.k'), dataIndex: 'nearDibaoMultiplierBp', width: 110, align: 'right', render: (v: number) => `${bpToMultiplier(v)} ×` },
    { title: t('lines.nearLimit'), key: 'limit', width: 150, align: 'right', render: (_, l) => formatFen(Math.round((l.dibaoLineFen * l.nearDibaoMultiplierBp) / 10000)) },
    { title: t('lines.share'), dataIndex: 'rigidSpendingShareBp', width: 110, align: 'right', render: (v: number) => `${bpToPercent(v)}%` },
    {
      title: t('lines.updated'),
      key: 'updated',
      width: 200,
      render: (_, l) => (
        <span style={{ fontSize: 12 }}>
          {formatDateTime(l.updatedAt, { seconds: false })}
          {l.updatedBy ? ` · ${l.updatedBy}` : ''}
        </span>
      ),
    },
  ];
  if (canConfigure) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 80,
      align: 'center',
      render: (_, l) => (
        <Tooltip title={mine(l) ? t('common.edit') : t('lines.notYours')}>
          <Button type="text" size="small" icon={<EditOutlined />} disabled={!mine(l)} onClick={() => setDialog({ line: l })} aria-label={t('common.edit')} data-testid={`line-edit-${l.regionCode}-${l.year}`} />
        </Tooltip>
      ),
    });
  }

  return (
    <Card
      title={t('lines.title')}
      extra={
        <Space>
          <Select<string>
            value={year === undefined ? 'all' : String(year)}
            onChange={(v) => setParams(v === String(currentYear()) ? {} : { year: v }, { replace: true })}
            options={[{ value: 'all', label: t('lines.allYears') }, ...years.map((y) => ({ value: String(y), label: t('lines.yearN', { year: y }) }))]}
            style={{ width: 120 }}
            data-testid="lines-year"
          />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void all.refetch()} aria-label={t('common.refresh')} />
          </Tooltip>
          {canConfigure && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ line: null })} data-testid="line-add">
              {t('lines.add')}
            </Button>
          )}
        </Space>
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('lines.intro')} description={canConfigure ? t('lines.scopeHint', { region: home }) : t('lines.readOnly')} />
      {all.isError ? (
        <LoadError error={all.error} onRetry={() => void all.refetch()} />
      ) : (
        <Table<DibaoLineDto>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={all.isPending}
          pagination={false}
          data-testid="lines-table"
          locale={{ emptyText: t('lines.empty', { year: year ?? '' }) }}
        />
      )}
      {dialog && <LineModal line={dialog.line} year={year ?? currentYear()} onClose={() => setDialog(null)} />}
    </Card>
  );
}
