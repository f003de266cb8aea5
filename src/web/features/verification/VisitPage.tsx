import { ArrowLeftOutlined, CameraOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Radio, Result, Select, Skeleton, Space, Switch, Typography, Upload, type UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { CATEGORIES, CATEGORY_LABELS, FOUR_LOOKS, FOUR_LOOK_KEYS, HOUSING, HOUSING_LABELS, LEVELS, LEVEL_LABELS, MEASURE_TYPES, MEASURE_TYPE_LABELS } from '../../../contracts/registry';
import { ALLOWED_FILE_TYPES, COMMITMENT_STATEMENT, INCOME_LEVELS, INCOME_LEVEL_LABELS, MAX_FILE_BYTES, WORK_SITUATIONS, WORK_SITUATION_LABELS } from '../../../contracts/verification';
import { isApiError } from '../../app/api';
import { useT } from '../../app/i18n';
import { showError } from '../../ui/feedback';
import { formatDateTime, parseYuanToFen } from '../../ui/format';
import { LoadError, NotFound } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { getHousehold, registryKeys } from '../registry/api';
import { YuanInput, yuanRule } from '../registry/inputs';
import { fenToYuanText } from '../registry/numbers';
import { enumOptions } from '../registry/labels';
import { getTask, submitVisit, uploadFile, verificationKeys, type FileDto, type VisitDto } from './api';

interface Values {
  visitDate: Dayjs;
  housingType: string;
  housingNote?: string;
  work: string;
  workNote?: string;
  incomeLevel: string;
  incomeYuan: string;
  incomeNote?: string;
  incidents: boolean;
  incidentsNote?: string;
  illness: boolean;
  illnessNote?: string;
  size: number;
  fourLooks: Record<string, string>;
  findings: string;
  category: string;
  level?: string;
  measures: string[];
  aidYuan: string;
  recommendationNote?: string;
  commit: boolean;
}

const fen = (yuan: string | undefined) => (yuan ? (parseYuanToFen(yuan) ?? 0) : 0);

/** 入户核查: the investigator's phone-width form — checklist, four looks, photos, findings, recommendation, signature. */
export default function VisitPage() {
  const t = useT();
  const qc = useQueryClient();
  const { taskId = '' } = useParams();
  const [form] = Form.useForm<Values>();
  // one id per visit, made on the phone: sending it again (flaky network) stores it once
  const [visitId] = useState(() => crypto.randomUUID());
  const [files, setFiles] = useState<Array<UploadFile & { dto?: FileDto }>>([]);
  const [signed, setSigned] = useState<VisitDto | null>(null);
  const task = useQuery({ queryKey: verificationKeys.task(taskId), queryFn: () => getTask(taskId), meta: { quiet: true } });
  const hh = useQuery({ queryKey: registryKeys.one(task.data?.householdId ?? ''), queryFn: () => getHousehold(task.data!.householdId), enabled: task.data?.status === 'assigned', meta: { quiet: true } });
  const m = useMutation({
    mutationFn: (v: Values) =>
      submitVisit(taskId, {
        visitId,
        visitDate: v.visitDate.format('YYYY-MM-DD'),
        checklist: {
          housing: { type: v.housingType as (typeof HOUSING)[number], note: v.housingNote || undefined },
          work: { situation: v.work as (typeof WORK_SITUATIONS)[number], note: v.workNote || undefined },
          income: { level: v.incomeLevel as (typeof INCOME_LEVELS)[number], annualIncomeFen: fen(v.incomeYuan), note: v.incomeNote || undefined },
          incidents: { any: !!v.incidents, note: v.incidentsNote || undefined },
          illness: { any: !!v.illness, note: v.illnessNote || undefined },
        },
        found: { size: v.size },
        fourLooks: v.fourLooks as never,
        findings: v.findings,
        recommendation: { category: v.category as (typeof CATEGORIES)[number], level: (v.level as (typeof LEVELS)[number]) ?? null, measures: (v.measures ?? []) as never, aidFen: fen(v.aidYuan), note: v.recommendationNote || undefined },
        attachmentIds: files.map((f) => f.dto?.id).filter((x): x is string => !!x),
        statement: COMMITMENT_STATEMENT,
      }),
    onSuccess: (v) => {
      setSigned(v);
      void qc.invalidateQueries({ queryKey: verificationKeys.all });
      window.scrollTo(0, 0);
    },
    onError: showError,
  });

  if (task.isError && isApiError(task.error) && (task.error.status === 404 || task.error.status === 400)) return <NotFound />;
  if (task.isError) return <LoadError error={task.error} onRetry={() => void task.refetch()} />;
  const shell = (children: React.ReactNode) => (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }} data-testid="vf-visit-page">
      <div style={{ position: 'sticky', top: 0, zIndex: 10, background: '#b71c1c', color: '#fff', padding: '10px 12px', display: 'flex', alignItems: 'center', gap: 8 }}>
        <Link to="/verification" style={{ color: '#fff' }} aria-label={t('vf.backToTasks')}>
          <ArrowLeftOutlined />
        </Link>
        <strong>{t('vf.visit.pageTitle')}</strong>
      </div>
      <div style={{ maxWidth: 480, margin: '0 auto', padding: 12 }}>{children}</div>
    </div>
  );
  if (signed)
    return shell(
      <Result
        status="success"
        icon={<CheckCircleOutlined />}
        title={t('vf.signed.title')}
        subTitle={
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            <span>
              {signed.signature.signerName} · {formatDateTime(signed.signature.signedAt)}
            </span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              SHA-256
            </Typography.Text>
            <span style={{ wordBreak: 'break-all' }} data-testid="vf-signed-hash">
              <Mono>{signed.signature.contentHash}</Mono>
            </span>
          </Space>
        }
        extra={
          <Space orientation="vertical">
            <Link to={`/verification/visits/${signed.id}`} data-testid="vf-signed-view">
              {t('vf.viewVisit')}
            </Link>
            <Link to={`/verification/recommend/${signed.taskId}`} data-testid="vf-recommend">
              {t('vf.recommend')}
            </Link>
            <Link to="/verification">{t('vf.backToTasks')}</Link>
          </Space>
        }
      />,
    );
  const tk = task.data;
  const h = hh.data;
  if (!tk || (tk.status === 'assigned' && !h)) return shell(<Card><Skeleton active /></Card>);
  if (tk.status !== 'assigned')
    return shell(<Result status="info" title={t('vf.visit.notOpen')} extra={tk.visitId ? <Link to={`/verification/visits/${tk.visitId}`}>{t('vf.viewVisit')}</Link> : <Link to="/verification">{t('vf.backToTasks')}</Link>} />);
  const yuan = (f: number) => fenToYuanText(f, true);
  const initial: Partial<Values> = {
    visitDate: dayjs(),
    housingType: h!.housing,
    incomeYuan: yuan(h!.annualIncomeFen),
    size: h!.size,
    incidents: false,
    illness: h!.seriousIllness,
    category: h!.category ?? undefined,
    level: h!.level ?? undefined,
    measures: [],
    aidYuan: '0.00',
    fourLooks: h!.fourLooksLatest?.answers ?? {},
    work: h!.members.find((x) => x.relation === 'self')?.employment && (WORK_SITUATIONS as readonly string[]).includes(h!.members.find((x) => x.relation === 'self')!.employment) ? h!.members.find((x) => x.relation === 'self')!.employment : undefined,
  };
  const section = (title: string, children: React.ReactNode, testId?: string) => (
    <Card size="small" title={title} style={{ marginBottom: 12 }} data-testid={testId}>
      {children}
    </Card>
  );
  return shell(
    <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => m.mutate(v)} scrollToFirstError>
      <Card size="small" style={{ marginBottom: 12 }} data-testid="vf-visit-household">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {h!.workerName} {h!.archiveNo && <Mono>{h!.archiveNo}</Mono>}
        </Typography.Title>
        <Typography.Text type="secondary">
          {h!.orgName} · {h!.address}
        </Typography.Text>
        <div style={{ marginTop: 4, fontSize: 12 }}>{t('vf.visit.reported', { size: h!.size, income: yuan(h!.annualIncomeFen) })}</div>
        {tk.round > 1 && <Alert style={{ marginTop: 8 }} type="warning" showIcon title={t('vf.visit.secondRound', { n: tk.round })} />}
      </Card>
      {section(
        t('vf.visit.checklist'),
        <>
          <Form.Item name="visitDate" label={t('vf.visitDate')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="housingType" label={t('vf.check.housing')} rules={[{ required: true }]}>
            <Select options={enumOptions(t, HOUSING, HOUSING_LABELS)} data-testid="vf-housing" />
          </Form.Item>
          <Form.Item name="housingNote">
            <Input placeholder={t('vf.note')} maxLength={1000} />
          </Form.Item>
          <Form.Item name="work" label={t('vf.check.work')} rules={[{ required: true, message: t('common.selectRequired', { field: t('vf.check.work') }) }]}>
            <Select options={enumOptions(t, WORK_SITUATIONS, WORK_SITUATION_LABELS)} data-testid="vf-work" />
          </Form.Item>
          <Form.Item name="workNote">
            <Input placeholder={t('vf.note')} maxLength={1000} />
          </Form.Item>
          <Form.Item name="incomeLevel" label={t('vf.check.incomeLevel')} rules={[{ required: true, message: t('common.selectRequired', { field: t('vf.check.incomeLevel') }) }]}>
            <Radio.Group>
              {enumOptions(t, INCOME_LEVELS, INCOME_LEVEL_LABELS).map((o) => (
                <Radio key={o.value} value={o.value} data-testid={`vf-income-${o.value}`}>
                  {o.label}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="incomeYuan" label={t('vf.check.income')} rules={[yuanRule(t, { required: true, field: t('vf.check.income') })]}>
            <YuanInput data-testid="vf-income" />
          </Form.Item>
          <Form.Item name="size" label={t('vf.check.size')} rules={[{ required: true }]}>
            <InputNumber min={1} max={30} style={{ width: '100%' }} />
          </Form.Item>
          <Space size={24}>
            <Form.Item name="incidents" label={t('vf.check.incidents')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="illness" label={t('vf.check.illness')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Form.Item name="illnessNote">
            <Input placeholder={t('vf.check.illnessNote')} maxLength={1000} />
          </Form.Item>
          <Form.Item name="incidentsNote">
            <Input placeholder={t('vf.check.incidentsNote')} maxLength={1000} />
          </Form.Item>
        </>,
        'vf-checklist',
      )}
      {section(
        t('vf.visit.fourLooks'),
        FOUR_LOOK_KEYS.map((k) => (
          <Form.Item key={k} name={['fourLooks', k]} label={t.label(FOUR_LOOKS[k], k)} rules={[{ required: true, message: t('common.selectRequired', { field: t.label(FOUR_LOOKS[k], k) }) }]}>
            <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
              {Object.entries(FOUR_LOOKS[k].options).map(([v, o]) => (
                <Radio key={v} value={v} data-testid={`vf-fl-${k}-${v}`}>
                  {t.label(o, v)} <Typography.Text type="secondary">({o.score})</Typography.Text>
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
        )),
        'vf-four-looks',
      )}
      {section(
        t('vf.visit.photos'),
        <>
          <div data-testid="vf-upload">
          <Upload
            listType="picture"
            accept={ALLOWED_FILE_TYPES.join(',')}
            fileList={files}
            beforeUpload={(f) => {
              if (f.size > MAX_FILE_BYTES) {
                showError(new Error(t('vf.upload.tooLarge')));
                return Upload.LIST_IGNORE;
              }
              return true;
            }}
            customRequest={({ file, onSuccess, onError }) => {
              uploadFile(taskId, file as File)
                .then((dto) => {
                  setFiles((fs) => fs.map((x) => (x.uid === (file as UploadFile).uid ? { ...x, dto, status: 'done', url: `/api/v1/verification/files/${dto.id}` } : x)));
                  onSuccess?.(dto);
                })
                .catch((e: Error) => {
                  showError(e);
                  onError?.(e);
                });
            }}
            onChange={({ fileList }) => setFiles((prev) => fileList.map((f) => ({ ...f, dto: prev.find((p) => p.uid === f.uid)?.dto ?? (f.response as FileDto | undefined) })))}
          >
            <Button icon={<CameraOutlined />}>{t('vf.upload')}</Button>
          </Upload>
          </div>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
            {t('vf.upload.hint')}
          </Typography.Paragraph>
        </>,
        'vf-photos',
      )}
      {section(
        t('vf.visit.findings'),
        <>
          <Form.Item name="findings" label={t('vf.findings')} rules={[{ required: true, min: 2, message: t('common.required', { field: t('vf.findings') }) }]}>
            <Input.TextArea rows={4} maxLength={4000} data-testid="vf-findings" />
          </Form.Item>
          <Form.Item name="category" label={t('vf.rec.category')} rules={[{ required: true, message: t('common.selectRequired', { field: t('vf.rec.category') }) }]}>
            <Select options={enumOptions(t, CATEGORIES, CATEGORY_LABELS)} data-testid="vf-rec-category" />
          </Form.Item>
          <Form.Item name="level" label={t('vf.rec.level')}>
            <Select allowClear options={enumOptions(t, LEVELS, LEVEL_LABELS)} />
          </Form.Item>
          <Form.Item name="measures" label={t('vf.rec.measures')}>
            <Select mode="multiple" options={enumOptions(t, MEASURE_TYPES, MEASURE_TYPE_LABELS)} />
          </Form.Item>
          <Form.Item name="aidYuan" label={t('vf.rec.aid')} rules={[yuanRule(t, { required: true, field: t('vf.rec.aid'), minFen: 0 })]}>
            <YuanInput data-testid="vf-rec-aid" />
          </Form.Item>
          <Form.Item name="recommendationNote">
            <Input.TextArea rows={2} placeholder={t('vf.note')} maxLength={1000} />
          </Form.Item>
        </>,
        'vf-recommendation',
      )}
      <Card size="small" style={{ marginBottom: 12, borderColor: '#d4380d' }}>
        <Form.Item name="commit" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('vf.commit.required')))) }]} style={{ marginBottom: 8 }}>
          <Checkbox data-testid="vf-commit">
            <strong>{COMMITMENT_STATEMENT}</strong>
          </Checkbox>
        </Form.Item>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('vf.commit.hint')}
        </Typography.Text>
      </Card>
      <Button type="primary" htmlType="submit" block size="large" loading={m.isPending} data-testid="vf-sign-submit">
        {t('vf.sign')}
      </Button>
    </Form>,
  );
}
