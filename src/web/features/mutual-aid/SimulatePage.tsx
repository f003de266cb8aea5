import { CalculatorOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Divider, Empty, Form, Input, InputNumber, Radio, Row, Select, Space, Spin, Statistic, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { type ClaimInput, PLAN_KIND_LABELS, type PlanKind, REASON_LABELS, type SimulateBody, type SimulateResponse } from '../../../contracts/mutual-aid';
import { useT } from '../../app/i18n';
import { errorText } from '../../ui/feedback';
import { formatFen, parseYuanToFen } from '../../ui/format';
import { simulate, useSchemes } from './api';
import { REASON_COLORS } from './ClaimTags';
import { EngineTrace } from './EngineTrace';

interface ClaimValues {
  eventDate?: Dayjs | null;
  diagnosis?: string;
  icd10?: string;
  totalCost?: string;
  insurancePaid?: string;
  hospitalDays?: number | null;
}
interface Values {
  schemeCode?: string;
  planCode?: string;
  status: 'ordinary' | 'hardship';
  enrolments: Array<{ range?: [Dayjs, Dayjs] | null }>;
  claims: ClaimValues[];
}

const D = (s: string) => dayjs(s, 'YYYY-MM-DD');
const yearRange = (y: number): [Dayjs, Dayjs] => [D(`${y}-01-01`), D(`${y}-12-31`)];

/** The request the form makes for a plan of the given kind (fields a plan does not use are left out). */
export function simulateBodyOf(v: Values, kind: PlanKind): SimulateBody | null {
  if (!v.schemeCode || !v.planCode) return null;
  const enrolments = (v.enrolments ?? []).filter((e) => e?.range?.[0] && e.range[1]).map((e) => ({ from: e.range![0].format('YYYY-MM-DD'), to: e.range![1].format('YYYY-MM-DD') }));
  const claims: ClaimInput[] = [];
  for (const c of v.claims ?? []) {
    if (!c?.eventDate) return null;
    const claim: ClaimInput = { eventDate: c.eventDate.format('YYYY-MM-DD') };
    if (kind === 'lump_sum') {
      if (c.diagnosis) claim.diagnosis = c.diagnosis;
      if (c.icd10?.trim()) claim.diagnosisIcd10 = c.icd10.trim().toUpperCase();
    }
    if (kind === 'ratio') {
      const total = parseYuanToFen(c.totalCost ?? '');
      if (total !== null) claim.totalCostFen = total;
      const ins = (c.insurancePaid ?? '').trim() ? parseYuanToFen(c.insurancePaid!) : null;
      if (ins !== null && total !== null) claim.insurancePaidFen = ins;
    }
    if (kind === 'per_diem' && c.hospitalDays !== null && c.hospitalDays !== undefined) claim.hospitalDays = c.hospitalDays;
    claims.push(claim);
  }
  if (claims.length === 0) return null;
  return { schemeCode: v.schemeCode, planCode: v.planCode, member: { status: v.status, enrolments }, claims };
}

/** A worked case per scheme, from the reference examples, to show a worker how the rules play out. */
const EXAMPLES: Record<string, Omit<Values, 'schemeCode'>> = {
  PROV: { planCode: 'critical_inpatient', status: 'hardship', enrolments: [{ range: yearRange(2016) }], claims: [{ eventDate: D('2016-02-17'), totalCost: '991600', insurancePaid: '864400' }] },
  LPS: { planCode: 'inpatient', status: 'hardship', enrolments: [{ range: yearRange(2016) }], claims: [{ eventDate: D('2016-05-10'), totalCost: '30000', insurancePaid: '20000' }] },
  SN: {
    planCode: 'inpatient_secondary',
    status: 'ordinary',
    enrolments: [{ range: yearRange(2016) }, { range: yearRange(2017) }],
    claims: [
      { eventDate: D('2016-02-01'), totalCost: '300000', insurancePaid: '150000' },
      { eventDate: D('2016-09-01'), totalCost: '200000', insurancePaid: '100000' },
      { eventDate: D('2017-01-15'), totalCost: '200000', insurancePaid: '100000' },
    ],
  },
  GY: {
    planCode: 'critical_illness',
    status: 'ordinary',
    enrolments: [{ range: yearRange(2016) }],
    claims: [
      { eventDate: D('2016-02-15'), diagnosis: 'CI02' },
      { eventDate: D('2016-06-01'), diagnosis: 'CI01' },
      { eventDate: D('2016-10-01'), diagnosis: 'CI02' },
    ],
  },
  ZY: {
    planCode: 'accident_injury',
    status: 'ordinary',
    enrolments: [{ range: yearRange(2016) }],
    claims: [
      { eventDate: D('2016-03-01'), hospitalDays: 60 },
      { eventDate: D('2016-08-01'), hospitalDays: 45 },
    ],
  },
};

export default function SimulatePage() {
  const t = useT();
  const en = t.lang === 'en';
  const [form] = Form.useForm<Values>();
  const schemes = useSchemes();
  const schemeCode = Form.useWatch('schemeCode', form);
  const planCode = Form.useWatch('planCode', form);
  const scheme = schemes.data?.items.find((s) => s.code === schemeCode);
  const plan = scheme?.plans.find((p) => p.code === planCode);
  const kind = plan?.kind;
  const run = useMutation({ meta: { quiet: true }, mutationFn: simulate });

  const schemeOptions = useMemo(() => (schemes.data?.items ?? []).map((s) => ({ value: s.code, label: `${en ? s.name.en : s.name.zh}（${s.code}）` })), [schemes.data, en]);
  const planOptions = (scheme?.plans ?? []).map((p) => ({ value: p.code, label: `${en ? p.name.en : p.name.zh} · ${en ? PLAN_KIND_LABELS[p.kind].en : PLAN_KIND_LABELS[p.kind].zh}` }));
  const diagnosisOptions = (plan?.diagnoses ?? []).map((d) => ({ value: d.code, label: `${d.code} ${en ? d.name.en : d.name.zh}（${d.icd10.join(', ')}）` }));

  const onFinish = (v: Values) => {
    if (!kind) return;
    const body = simulateBodyOf(v, kind);
    if (body) run.mutate(body);
  };

  const fillExample = () => {
    const code = schemeCode && EXAMPLES[schemeCode] ? schemeCode : 'PROV';
    form.setFieldsValue({ schemeCode: code, ...EXAMPLES[code]! });
    run.reset();
  };

  return (
    <Row gutter={16}>
      <Col xs={24} xl={11}>
        <Card
          title={
            <span>
              <CalculatorOutlined /> {t('ma.sim.title')}
            </span>
          }
          extra={
            <Button size="small" onClick={fillExample} data-testid="ma-example">
              {t('ma.sim.example')}
            </Button>
          }
        >
          <Typography.Paragraph type="secondary">{t('ma.sim.intro')}</Typography.Paragraph>
          <Form<Values>
            form={form}
            layout="vertical"
            initialValues={{ status: 'ordinary', enrolments: [{ range: yearRange(dayjs().year()) }], claims: [{}] }}
            onFinish={onFinish}
            onValuesChange={(changed: Partial<Values>) => {
              if ('schemeCode' in changed) form.setFieldValue('planCode', undefined);
              run.reset();
            }}
            data-testid="ma-form"
          >
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="schemeCode" label={t('ma.sim.scheme')} rules={[{ required: true, message: t('common.selectRequired', { field: t('ma.sim.scheme') }) }]}>
                  <Select id="ma-scheme" options={schemeOptions} loading={schemes.isLoading} data-testid="ma-scheme" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="planCode" label={t('ma.sim.plan')} rules={[{ required: true, message: t('common.selectRequired', { field: t('ma.sim.plan') }) }]}>
                  <Select id="ma-plan" options={planOptions} disabled={!scheme} data-testid="ma-plan" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="status" label={t('ma.sim.status')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'ordinary', label: t('ma.sim.status.ordinary') },
                  { value: 'hardship', label: t('ma.sim.status.hardship') },
                ]}
                data-testid="ma-status"
              />
            </Form.Item>

            <Typography.Text strong>{t('ma.sim.enrolments')}</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('ma.sim.enrolmentsHint')}
            </Typography.Paragraph>
            <Form.List name="enrolments">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                      <Form.Item name={[f.name, 'range']} rules={[{ required: true, message: t('ma.sim.required', { field: t('ma.sim.enrolments') }) }]}>
                        <DatePicker.RangePicker data-testid={`ma-enrolment-${f.name}`} />
                      </Form.Item>
                      <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="remove" />
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 16 }} data-testid="ma-add-enrolment">
                    {t('ma.sim.addEnrolment')}
                  </Button>
                </>
              )}
            </Form.List>

            <Divider titlePlacement="start" plain>
              {t('ma.sim.claims')}
            </Divider>
            <Form.List name="claims">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <Card
                      key={f.key}
                      size="small"
                      title={t('ma.sim.claimNo', { n: i + 1 })}
                      extra={fields.length > 1 && <Button type="text" size="small" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="remove" />}
                      style={{ marginBottom: 12 }}
                      data-testid={`ma-claim-${i}`}
                    >
                      <Row gutter={12}>
                        <Col span={12}>
                          <Form.Item name={[f.name, 'eventDate']} label={t('ma.sim.eventDate')} rules={[{ required: true, message: t('ma.sim.required', { field: t('ma.sim.eventDate') }) }]}>
                            <DatePicker style={{ width: '100%' }} data-testid={`ma-claim-${i}-date`} />
                          </Form.Item>
                        </Col>
                        {kind === 'per_diem' && (
                          <Col span={12}>
                            <Form.Item name={[f.name, 'hospitalDays']} label={t('ma.sim.hospitalDays')}>
                              <InputNumber min={0} max={3660} precision={0} style={{ width: '100%' }} suffix={t('ma.sim.days')} data-testid={`ma-claim-${i}-days`} />
                            </Form.Item>
                          </Col>
                        )}
                        {kind === 'lump_sum' && (
                          <>
                            <Col span={12}>
                              <Form.Item name={[f.name, 'icd10']} label={t('ma.sim.icd10')} rules={[{ pattern: /^\s*[A-Za-z]\d{2}(\.\d{1,4})?\s*$/, message: t('ma.sim.icd10Invalid') }]}>
                                <Input placeholder="C34.1" maxLength={10} data-testid={`ma-claim-${i}-icd10`} />
                              </Form.Item>
                            </Col>
                            <Col span={24}>
                              <Form.Item name={[f.name, 'diagnosis']} label={t('ma.sim.diagnosis')}>
                                <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={diagnosisOptions} data-testid={`ma-claim-${i}-diagnosis`} />
                              </Form.Item>
                            </Col>
                          </>
                        )}
                        {kind === 'ratio' && (
                          <>
                            <Col span={12}>
                              <Form.Item name={[f.name, 'totalCost']} label={t('ma.sim.totalCost')} rules={[{ required: true, message: t('ma.sim.required', { field: t('ma.sim.totalCost') }) }, yuanRule(t('money.invalid'))]}>
                                <Input inputMode="decimal" placeholder="0.00" suffix={t('unit.yuan')} maxLength={16} data-testid={`ma-claim-${i}-total`} />
                              </Form.Item>
                            </Col>
                            <Col span={12}>
                              <Form.Item
                                name={[f.name, 'insurancePaid']}
                                label={t('ma.sim.insurancePaid')}
                                dependencies={[['claims', f.name, 'totalCost']]}
                                rules={[
                                  yuanRule(t('money.invalid')),
                                  ({ getFieldValue }) => ({
                                    validator: async (_: unknown, v: string | undefined) => {
                                      const ins = parseYuanToFen(v ?? '');
                                      const total = parseYuanToFen(getFieldValue(['claims', f.name, 'totalCost']) ?? '');
                                      if (ins !== null && total !== null && ins > total) throw new Error(t('ma.sim.insuranceTooHigh'));
                                    },
                                  }),
                                ]}
                              >
                                <Input inputMode="decimal" placeholder="0.00" suffix={t('unit.yuan')} maxLength={16} data-testid={`ma-claim-${i}-insurance`} />
                              </Form.Item>
                            </Col>
                          </>
                        )}
                      </Row>
                    </Card>
                  ))}
                  <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({})} disabled={fields.length >= 50} data-testid="ma-add-claim">
                    {t('ma.sim.addClaim')}
                  </Button>
                </>
              )}
            </Form.List>
            <Button type="primary" htmlType="submit" icon={<CalculatorOutlined />} loading={run.isPending} disabled={!kind} style={{ marginTop: 16 }} data-testid="ma-run">
              {t('ma.sim.run')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={13}>
        <Card title={t('ma.sim.result')} extra={run.isPending && <Spin size="small" />} data-testid="ma-result">
          {run.isError ? <Alert type="error" showIcon title={errorText(run.error)} data-testid="ma-error" /> : run.data ? <Results r={run.data} /> : <Empty description={t('ma.sim.fillIn')} />}
        </Card>
      </Col>
    </Row>
  );
}

function yuanRule(message: string) {
  return {
    validator: async (_: unknown, v: string | undefined) => {
      const s = (v ?? '').trim();
      if (!s) return;
      const fen = parseYuanToFen(s);
      if (fen === null || fen < 0 || fen > 100_000_000_000) throw new Error(message);
    },
  };
}

function Results({ r }: { r: SimulateResponse }) {
  const t = useT();
  const en = t.lang === 'en';
  return (
    <>
      <Space size={32} style={{ marginBottom: 16 }}>
        <Statistic title={t('ma.sim.total')} value={formatFen(r.totalPayoutFen)} data-testid="ma-total" />
        <Typography.Text type="secondary">{t('ma.sim.version', { v: r.schemeVersion })}</Typography.Text>
      </Space>
      {r.results.map((x, i) => (
        <Card
          key={i}
          size="small"
          style={{ marginBottom: 12 }}
          title={t('ma.sim.claimNo', { n: i + 1 })}
          extra={
            <Space>
              {x.reason && (
                <Tag color={REASON_COLORS[x.reason]} data-testid={`ma-result-${i}-reason`}>
                  {en ? REASON_LABELS[x.reason].en : REASON_LABELS[x.reason].zh}
                </Tag>
              )}
              <Typography.Text strong data-testid={`ma-result-${i}-payout`}>
                {t('ma.sim.payout')} {formatFen(x.payoutFen)}
              </Typography.Text>
            </Space>
          }
          data-testid={`ma-result-${i}`}
        >
          {x.finalBurdenFen !== undefined && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('ma.sim.finalBurden')}：{formatFen(x.finalBurdenFen)}
            </Typography.Paragraph>
          )}
          <EngineTrace trace={x.trace} stopped={!!x.reason} />
        </Card>
      ))}
      {r.results.length > 1 && <Typography.Text type="secondary">{`${t('ma.sim.total')}：${formatFen(r.totalPayoutFen)}`}</Typography.Text>}
    </>
  );
}
