import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Empty, Form, Input, Progress, Radio, Row, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Permission } from '../../../../contracts/auth';
import { FOUR_LOOK_KEYS, FOUR_LOOKS, type FourLookKey } from '../../../../contracts/registry';
import { useAuth } from '../../../app/auth';
import { useT } from '../../../app/i18n';
import { applyFormError, toast } from '../../../ui/feedback';
import { formatDate, formatDateTime } from '../../../ui/format';
import { LoadError } from '../../../ui/results';
import { createFourLooks, listFourLooks, registryKeys, type FourLooksDto, type HouseholdDto } from '../api';
import { todayShanghai } from '../numbers';

type Answers = Partial<Record<FourLookKey, string>>;
interface Values extends Answers {
  visitDate?: Dayjs;
  notes?: string;
}

const MAX_SCORE = FOUR_LOOK_KEYS.reduce((s, k) => s + Math.max(...Object.values(FOUR_LOOKS[k].options).map((o) => o.score)), 0);

function optionOf(k: FourLookKey, answer: string | undefined) {
  return answer ? (FOUR_LOOKS[k].options as Record<string, { zh: string; en: string; score: number }>)[answer] : undefined;
}

export function scoreOf(a: Answers): number {
  return FOUR_LOOK_KEYS.reduce((s, k) => s + (optionOf(k, a[k])?.score ?? 0), 0);
}

function ScoreBar({ score }: { score: number }) {
  const pct = Math.round((score / MAX_SCORE) * 100);
  return <Progress percent={pct} format={() => `${score} / ${MAX_SCORE}`} strokeColor={pct >= 60 ? '#cf1322' : pct >= 30 ? '#fa8c16' : '#52c41a'} size="small" style={{ width: 200, margin: 0 }} />;
}

function FourLooksForm({ h, onDone }: { h: HouseholdDto; onDone: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const answers = Form.useWatch([], form) as Values | undefined;
  const score = scoreOf(answers ?? {});
  const answered = FOUR_LOOK_KEYS.filter((k) => answers?.[k]).length;
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: Values) =>
      createFourLooks(h.id, {
        housing: v.housing!,
        food: v.food!,
        labour: v.labour!,
        students: v.students!,
        visitDate: v.visitDate!.format('YYYY-MM-DD'),
        ...(v.notes?.trim() ? { notes: v.notes.trim() } : {}),
      }),
    onSuccess: () => {
      toast()?.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: registryKeys.fourLooks(h.id) });
      void qc.invalidateQueries({ queryKey: registryKeys.history(h.id) });
      onDone();
    },
    onError: (e) => applyFormError(form, e, [...FOUR_LOOK_KEYS, 'visitDate', 'notes']),
  });
  return (
    <Card
      size="small"
      title={t('looks.new')}
      extra={
        <Space>
          <Typography.Text type="secondary">{t('looks.liveScore')}</Typography.Text>
          <span data-testid="looks-live-score">
            <ScoreBar score={score} />
          </span>
        </Space>
      }
      style={{ marginBottom: 16 }}
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ visitDate: dayjs(todayShanghai()) }} onFinish={(v) => save.mutate(v)} data-testid="looks-form">
        <Row gutter={[16, 0]}>
          {FOUR_LOOK_KEYS.map((k) => (
            <Col xs={24} md={12} key={k}>
              <Form.Item
                name={k}
                label={
                  <span>
                    {t.label(FOUR_LOOKS[k])}
                    {answers?.[k] && (
                      <Tag color="blue" style={{ marginInlineStart: 8 }}>
                        {t('looks.points', { score: optionOf(k, answers[k])?.score ?? 0 })}
                      </Tag>
                    )}
                  </span>
                }
                rules={[{ required: true, message: t('common.selectRequired', { field: t.label(FOUR_LOOKS[k]) }) }]}
              >
                <Radio.Group id={`looks-${k}`} data-testid={`looks-${k}`} style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
                  {Object.entries(FOUR_LOOKS[k].options).map(([value, o]) => (
                    <Radio key={value} value={value}>
                      {t.label(o)} <Typography.Text type="secondary">（{t('looks.points', { score: o.score })}）</Typography.Text>
                    </Radio>
                  ))}
                </Radio.Group>
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="visitDate" label={t('looks.visitDate')} rules={[{ required: true, message: t('common.selectRequired', { field: t('looks.visitDate') }) }]}>
              <DatePicker id="looks-visitDate" style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(todayShanghai()), 'day')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="notes" label={t('looks.notes')} rules={[{ max: 1000 }]}>
              <Input.TextArea id="looks-notes" rows={1} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="looks-submit">
            {t('looks.save', { answered, total: FOUR_LOOK_KEYS.length })}
          </Button>
          <Button onClick={onDone}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

export function FourLooksTab({ h }: { h: HouseholdDto }) {
  const t = useT();
  const { can } = useAuth();
  const [adding, setAdding] = useState(false);
  const q = useQuery({ queryKey: registryKeys.fourLooks(h.id), queryFn: () => listFourLooks(h.id) });
  const items = q.data?.items ?? [];
  const latest = items[0];

  const columns: TableColumnsType<FourLooksDto> = [
    { title: t('looks.visitDate'), dataIndex: 'visitDate', width: 110, render: (v: string) => formatDate(v) },
    ...FOUR_LOOK_KEYS.map((k) => ({
      title: t.label(FOUR_LOOKS[k]),
      key: k,
      render: (_: unknown, r: FourLooksDto) => {
        const o = optionOf(k, r.answers[k]);
        return (
          <span>
            {o ? t.label(o) : r.answers[k] ?? '—'} <Typography.Text type="secondary">({r.scores[k] ?? o?.score ?? 0})</Typography.Text>
          </span>
        );
      },
    })),
    { title: t('looks.total'), dataIndex: 'totalScore', width: 80, align: 'right' as const, render: (v: number) => <strong>{v}</strong> },
    {
      title: t('looks.assessedBy'),
      key: 'by',
      width: 150,
      render: (_: unknown, r: FourLooksDto) => (
        <Tooltip title={formatDateTime(r.assessedAt)}>
          <span>{r.assessedBy.name}</span>
        </Tooltip>
      ),
    },
    { title: t('looks.notes'), dataIndex: 'notes', ellipsis: true, render: (v: string | null) => v ?? '—' },
  ];

  return (
    <div data-testid="hh-four-looks">
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginBottom: 12, gap: 12, flexWrap: 'wrap' }}>
        <Space size={16}>
          <Typography.Text type="secondary">{t('looks.intro')}</Typography.Text>
          {latest && (
            <Space size={6}>
              <span>{t('looks.latest', { date: formatDate(latest.visitDate) })}</span>
              <ScoreBar score={latest.totalScore} />
            </Space>
          )}
        </Space>
        {can(Permission.RegistryWrite) && !adding && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="looks-add">
            {t('looks.new')}
          </Button>
        )}
      </div>
      {adding && <FourLooksForm h={h} onDone={() => setAdding(false)} />}
      {q.isError ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table<FourLooksDto>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={q.isPending}
          pagination={false}
          scroll={{ x: 1000 }}
          data-testid="looks-table"
          locale={{ emptyText: <Empty description={t('looks.empty')} /> }}
        />
      )}
    </div>
  );
}
