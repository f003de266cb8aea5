import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Card, Col, Collapse, Descriptions, Form, Input, Result, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { CheckLine } from '../../../contracts/aid';
import { SCHOOLING_LABELS } from '../../../contracts/registry';
import { isApiError } from '../../app/api';
import { useT } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { formatFen } from '../../ui/format';
import { Mono } from '../../ui/tags';
import { useDebounced } from '../../ui/useDebounced';
import { getHousehold, listHouseholds, registryKeys } from '../registry/api';
import { CategoryTag, enumLabel, LevelTag } from '../registry/labels';
import { aidKeys, applyForAid, checkEligibility, getProgram, listPrograms } from './api';
import { CheckLines } from './labels';
import { amountRuleText } from './parts';

interface PayeeValues {
  payeeName?: string;
  payeeBankName?: string;
  payeeAccount?: string;
  note?: string;
}

/** Picks a household of the registry by the same search as the household list (approved files only). */
function HouseholdPicker({ value, onChange }: { value?: string; onChange: (id: string | undefined) => void }) {
  const t = useT();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const results = useQuery({
    queryKey: registryKeys.list({ q, status: 'approved' }),
    queryFn: () => listHouseholds({ q: q || undefined, status: 'approved', sort: 'updatedAt', order: 'desc' }),
    enabled: q.length > 0,
    meta: { quiet: true },
  });
  const chosen = useQuery({ queryKey: registryKeys.one(value ?? ''), queryFn: () => getHousehold(value!), enabled: !!value, meta: { quiet: true } });
  const options = (results.data?.items ?? []).map((h) => ({ value: h.id, label: `${h.archiveNo ?? '—'} · ${h.workerName} · ${h.orgName}` }));
  if (value && chosen.data && !options.some((o) => o.value === value)) options.unshift({ value, label: `${chosen.data.archiveNo ?? '—'} · ${chosen.data.workerName} · ${chosen.data.orgName}` });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      value={value}
      onChange={(v) => onChange(v)}
      placeholder={t('aid.apply.searchPh')}
      notFoundContent={results.isFetching ? <Spin size="small" /> : null}
      options={options}
      style={{ width: '100%' }}
      data-testid="apply-household"
    />
  );
}

/** 申请帮扶: a program, a household (and student), the eligibility check rule by rule, the amount, then apply. */
export default function ApplyPage() {
  const t = useT();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const programId = params.get('programId') ?? undefined;
  const householdId = params.get('householdId') ?? undefined;
  const [studentMemberId, setStudent] = useState<string | undefined>();
  const [form] = Form.useForm<PayeeValues>();
  const [refused, setRefused] = useState<CheckLine[] | null>(null);
  const set = (k: 'programId' | 'householdId', v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
    setStudent(undefined);
    setRefused(null);
  };

  const programs = useQuery({ queryKey: aidKeys.programs({ status: 'open' }), queryFn: () => listPrograms({ status: 'open' }) });
  const program = useQuery({ queryKey: aidKeys.program(programId ?? ''), queryFn: () => getProgram(programId!), enabled: !!programId });
  const household = useQuery({ queryKey: registryKeys.one(householdId ?? ''), queryFn: () => getHousehold(householdId!), enabled: !!householdId, meta: { quiet: true } });
  const check = useQuery({
    queryKey: aidKeys.check(programId ?? '', householdId ?? '', studentMemberId),
    queryFn: () => checkEligibility(programId!, householdId!, studentMemberId),
    enabled: !!programId && !!householdId,
    staleTime: 0,
  });
  const apply = useMutation({
    meta: { quiet: true },
    mutationFn: (v: PayeeValues) =>
      applyForAid(programId!, {
        householdId: householdId!,
        ...(studentMemberId ? { studentMemberId } : {}),
        ...(v.payeeName?.trim() ? { payeeName: v.payeeName.trim() } : {}),
        ...(v.payeeBankName?.trim() ? { payeeBankName: v.payeeBankName.trim() } : {}),
        ...(v.payeeAccount?.trim() ? { payeeAccount: v.payeeAccount.trim() } : {}),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      }),
    onSuccess: (a) => {
      toast()?.success(t('aid.apply.submitted', { no: a.awardNo }));
      void qc.invalidateQueries({ queryKey: aidKeys.all });
      navigate(`/aid/awards/${a.id}`);
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'NOT_ELIGIBLE') {
        const d = e.details as { checks?: CheckLine[] } | undefined;
        setRefused(d?.checks ?? []);
        void check.refetch();
        return;
      }
      applyFormError(form, e, ['payeeName', 'payeeBankName', 'payeeAccount', 'note']);
    },
  });

  const p = program.data;
  const h = household.data;
  const students = (h?.members ?? []).filter((m) => m.schoolingStage !== 'none' && m.schoolingStage !== 'preschool');
  const wantsStudent = !!p && (p.type === 'student_aid' || p.rules.eligibility.studentStages.length > 0 || p.rules.amount.mode === 'by_stage');
  const r = check.data;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/aid">{t('aid.programs.title')}</Link> }, ...(p ? [{ title: <Link to={`/aid/programs/${p.id}`}>{p.name}</Link> }] : []), { title: t('aid.apply.title') }]} />
      <Card title={t('aid.apply.title')}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Typography.Text strong>{t('aid.apply.program')}</Typography.Text>
            <Select
              style={{ width: '100%', marginTop: 6 }}
              placeholder={t('aid.apply.pickProgram')}
              value={programId}
              onChange={(v) => set('programId', v)}
              loading={programs.isPending}
              options={[...(programs.data?.items ?? []), ...(p && !programs.data?.items.some((x) => x.id === p.id) ? [p] : [])].map((x) => ({ value: x.id, label: `${x.code} · ${x.name}` }))}
              data-testid="apply-program"
            />
          </Col>
          <Col xs={24} md={12}>
            <Typography.Text strong>{t('aid.apply.household')}</Typography.Text>
            <div style={{ marginTop: 6 }}>
              <HouseholdPicker value={householdId} onChange={(v) => set('householdId', v)} />
            </div>
          </Col>
        </Row>
        {p && (
          <Collapse
            size="small"
            style={{ marginTop: 12 }}
            items={[{ key: 'r', label: `${t('aid.prog.rules')} · ${t('aid.prog.versionN', { n: p.currentVersion })} · ${amountRuleText(t, p.rules.amount)}`, children: <Typography.Text type="secondary">{t('aid.prog.window')} {p.windowStart} ~ {p.windowEnd}</Typography.Text> }]}
          />
        )}
        {h && (
          <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 12 }} data-testid="apply-household-summary">
            <Descriptions.Item label={t('aid.archiveNo')}>
              <Link to={`/registry/households/${h.id}`}>
                <Mono>{h.archiveNo ?? '—'}</Mono>
              </Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('aid.worker')}>{h.workerName}</Descriptions.Item>
            <Descriptions.Item label={t('aid.org')}>{h.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('aid.award.category')}>
              <Space size={4}>
                <CategoryTag value={h.category} />
                <LevelTag value={h.level} />
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('aid.apply.payee')}>
              {h.workerName} {h.bankName ?? ''} <Mono>{h.bankAccount ?? '—'}</Mono>
            </Descriptions.Item>
          </Descriptions>
        )}
        {h && h.status !== 'approved' && <Alert type="warning" showIcon title={t('aid.apply.onlyApproved')} style={{ marginTop: 8 }} />}
        {wantsStudent && h && students.length > 0 && (
          <div style={{ marginTop: 12, maxWidth: 420 }}>
            <Typography.Text strong>{t('aid.apply.student')}</Typography.Text>
            <Select
              style={{ width: '100%', marginTop: 6 }}
              allowClear
              placeholder={t('aid.apply.studentAuto')}
              value={studentMemberId}
              onChange={setStudent}
              options={students.map((m) => ({ value: m.id, label: `${m.name} · ${enumLabel(t, SCHOOLING_LABELS, m.schoolingStage)} · ${m.age}` }))}
              data-testid="apply-student"
            />
          </div>
        )}
      </Card>
      {programId && householdId && (
        <Card title={t('aid.apply.check')} loading={check.isPending && check.isFetching} data-testid="apply-check">
          {check.isError && <Alert type="error" showIcon title={(check.error as Error).message} />}
          {r && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Space wrap align="center">
                <Tag color={r.eligible ? 'success' : 'error'} style={{ fontSize: 15, padding: '2px 10px' }} data-testid="apply-eligible" data-eligible={r.eligible ? 'true' : 'false'}>
                  {r.eligible ? t('aid.apply.eligible') : t('aid.apply.notEligible')}
                </Tag>
                <Typography.Text type="secondary">{t('aid.apply.rulesVersion', { n: r.rulesVersion })}</Typography.Text>
              </Space>
              <CheckLines checks={refused && refused.length ? refused : r.checks} />
              <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
                <Descriptions.Item label={t('aid.apply.amount')}>
                  <Typography.Text strong style={{ fontSize: 18, color: r.eligible ? '#c4161c' : undefined }} data-testid="apply-amount">
                    {formatFen(r.amountFen)}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ marginInlineStart: 12 }} data-testid="apply-amount-explain">
                    {t.label(r.amountExplain)}
                  </Typography.Text>
                </Descriptions.Item>
              </Descriptions>
            </Space>
          )}
        </Card>
      )}
      {r?.eligible && (
        <Card title={t('aid.apply.payee')}>
          <Typography.Paragraph type="secondary">{t('aid.apply.payeeHint')}</Typography.Paragraph>
          <Form<PayeeValues> form={form} layout="vertical" onFinish={(v) => apply.mutate(v)} data-testid="apply-form">
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name="payeeName" label={t('aid.apply.payeeName')} rules={[{ max: 40 }]}>
                  <Input maxLength={40} data-testid="apply-payee-name" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="payeeBankName" label={t('aid.apply.bankName')} rules={[{ max: 60 }]}>
                  <Input maxLength={60} data-testid="apply-payee-bank" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="payeeAccount" label={t('aid.apply.account')} rules={[{ pattern: /^\d{12,30}$/, message: t('aid.apply.accountInvalid') }]}>
                  <Input inputMode="numeric" maxLength={30} data-testid="apply-payee-account" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="note" label={t('aid.note')} rules={[{ max: 500 }]}>
              <Input.TextArea rows={2} maxLength={500} data-testid="apply-note" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={apply.isPending} data-testid="apply-submit">
              {t('aid.apply.submit')} · {formatFen(r.amountFen)}
            </Button>
          </Form>
        </Card>
      )}
      {refused && !r?.eligible && <Result status="warning" title={t('aid.apply.notEligible')} />}
    </Space>
  );
}
