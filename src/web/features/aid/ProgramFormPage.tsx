import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Typography, type FormInstance } from 'antd';
import { useEffect, useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { AMOUNT_MODE_LABELS, PROGRAM_TYPES, PROGRAM_TYPE_LABELS, type EligibilityRules, type ProgramType } from '../../../contracts/aid';
import { CATEGORIES, CATEGORY_LABELS, CAUSES, CAUSE_LABELS, LEVELS, LEVEL_LABELS, SCHOOLING_LABELS, SCHOOLING_STAGES } from '../../../contracts/registry';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useT, type MsgKey, type Translator } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { LoadError } from '../../ui/results';
import { OrgTreeSelect } from '../orgs/OrgTreeSelect';
import { enumLabel, enumOptions } from '../registry/labels';
import { currentYear, fenToYuanText, todayShanghai, yuanTextToFen } from '../registry/numbers';
import { aidKeys, createProgram, getProgram, newRulesVersion, patchProgram, type AmountRule, type ProgramDto } from './api';
import { AMOUNT_KEYS, AMOUNT_MODES, amountRuleToForm, formToAmountRule, type AmountForm, type AmountFormResult } from './money';

interface Values {
  name: string;
  type: ProgramType;
  customType?: string;
  fundingOrgId: string;
  year: number;
  budgetYuan: string;
  windowStart: string;
  windowEnd: string;
  noticeDays: number;
  eligibility: EligibilityRules;
  amount: AmountForm;
  note?: string;
}

const KEY_LABELS: Record<keyof typeof AMOUNT_KEYS, Record<string, { zh: string; en: string }>> = {
  by_category: CATEGORY_LABELS,
  by_level: LEVEL_LABELS,
  by_stage: SCHOOLING_LABELS,
};

const sorted = (r: EligibilityRules) => JSON.stringify({ ...r, categories: [...r.categories].sort(), levels: [...r.levels].sort(), causes: [...r.causes].sort(), studentStages: [...r.studentStages].sort() });
const normEligibility = (e: Partial<EligibilityRules> | undefined): EligibilityRules => ({
  categories: e?.categories ?? [],
  levels: e?.levels ?? [],
  causes: e?.causes ?? [],
  studentStages: e?.studentStages ?? [],
  unionMembersOnly: !!e?.unionMembersOnly,
});

function initialValues(p: ProgramDto | undefined, orgId: string): Values {
  if (!p) {
    const year = currentYear();
    return {
      name: '',
      type: 'student_aid',
      fundingOrgId: orgId,
      year,
      budgetYuan: '',
      windowStart: todayShanghai(),
      windowEnd: `${year}-12-31`,
      noticeDays: 5,
      eligibility: { categories: [], levels: [], causes: [], studentStages: ['vocational_college', 'university'], unionMembersOnly: false },
      amount: { mode: 'by_stage', amounts: { university: '5000', vocational_college: '3000' } },
    };
  }
  return {
    name: p.name,
    type: p.type,
    customType: p.customType ?? undefined,
    fundingOrgId: p.fundingOrgId,
    year: p.year,
    budgetYuan: fenToYuanText(p.budgetFen, true),
    windowStart: p.windowStart,
    windowEnd: p.windowEnd,
    noticeDays: p.noticeDays,
    eligibility: normEligibility(p.rules.eligibility),
    amount: amountRuleToForm(p.rules.amount),
  };
}

/** The amount fields of the chosen mode, every amount in yuan. */
function AmountFields({ mode }: { mode: AmountForm['mode'] }) {
  const t = useT();
  const yuanRule = (required: boolean) => ({
    validator: (_r: unknown, v: string | undefined) => {
      if (!v || !v.trim()) return required ? Promise.reject(new Error(t('aid.invalidYuan'))) : Promise.resolve();
      return yuanTextToFen(v) === null ? Promise.reject(new Error(t('aid.invalidYuan'))) : Promise.resolve();
    },
  });
  if (mode === 'fixed')
    return (
      <Form.Item name={['amount', 'fixedYuan']} label={t('aid.form.fixed')} rules={[yuanRule(true)]}>
        <Input inputMode="decimal" suffix={t('aid.yuan')} style={{ maxWidth: 220 }} data-testid="amount-fixed" />
      </Form.Item>
    );
  if (mode === 'per_member')
    return (
      <Space wrap>
        <Form.Item name={['amount', 'perMemberYuan']} label={t('aid.form.perMember')} rules={[yuanRule(true)]}>
          <Input inputMode="decimal" suffix={t('aid.yuan')} style={{ width: 200 }} data-testid="amount-per-member" />
        </Form.Item>
        <Form.Item name={['amount', 'maxYuan']} label={t('aid.form.max')} rules={[yuanRule(false)]}>
          <Input inputMode="decimal" suffix={t('aid.yuan')} style={{ width: 200 }} data-testid="amount-max" />
        </Form.Item>
      </Space>
    );
  const keys = AMOUNT_KEYS[mode] as readonly string[];
  const labels = KEY_LABELS[mode];
  return (
    <>
      <Typography.Paragraph type="secondary">{t('aid.form.keyedHint')}</Typography.Paragraph>
      <Row gutter={12}>
        {keys.map((k) => (
          <Col xs={12} md={8} lg={6} key={k}>
            <Form.Item name={['amount', 'amounts', k]} label={enumLabel(t, labels, k)} rules={[yuanRule(false)]}>
              <Input inputMode="decimal" suffix={t('aid.yuan')} data-testid={`amount-${k}`} />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </>
  );
}

/** The eligibility lists (multi-selects; empty = any) and the amount rule. */
export function RulesFields({ mode }: { mode: AmountForm['mode'] }) {
  const t = useT();
  const multi = (name: keyof EligibilityRules, label: MsgKey, options: Array<{ value: string; label: string }>, testId: string) => (
    <Col xs={24} md={12}>
      <Form.Item name={['eligibility', name]} label={t(label)}>
        <Select mode="multiple" allowClear placeholder={t('aid.form.any')} options={options} data-testid={testId} optionFilterProp="label" />
      </Form.Item>
    </Col>
  );
  return (
    <>
      <Typography.Title level={5}>{t('aid.form.eligibility')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('aid.form.eligibilityHint')}</Typography.Paragraph>
      <Row gutter={16}>
        {multi('categories', 'aid.form.categories', enumOptions(t, CATEGORIES.filter((c) => c !== 'not_eligible'), CATEGORY_LABELS), 'elig-categories')}
        {multi('levels', 'aid.form.levels', enumOptions(t, LEVELS, LEVEL_LABELS), 'elig-levels')}
        {multi('causes', 'aid.form.causes', enumOptions(t, CAUSES, CAUSE_LABELS), 'elig-causes')}
        {multi('studentStages', 'aid.form.stages', enumOptions(t, SCHOOLING_STAGES.filter((s) => s !== 'none'), SCHOOLING_LABELS), 'elig-stages')}
      </Row>
      <Form.Item name={['eligibility', 'unionMembersOnly']} label={t('aid.form.unionOnly')} valuePropName="checked">
        <Switch data-testid="elig-union-only" />
      </Form.Item>
      <Typography.Title level={5}>{t('aid.form.amount')}</Typography.Title>
      <Form.Item name={['amount', 'mode']} label={t('aid.form.mode')}>
        <Radio.Group optionType="button" buttonStyle="solid" options={AMOUNT_MODES.map((m) => ({ value: m, label: t.label(AMOUNT_MODE_LABELS[m]) }))} data-testid="amount-mode" />
      </Form.Item>
      <AmountFields mode={mode} />
    </>
  );
}

/** Puts an amount-form problem on its field; true when there was one. */
export function amountProblem(form: FormInstance, r: AmountFormResult, t: Translator): boolean {
  if (r.ok) return false;
  const name = r.field === 'amounts' ? ['amount', 'mode'] : ['amount', ...r.field.split('.')];
  form.setFields([{ name, errors: [r.problem === 'empty' ? t('aid.form.amountsEmpty') : t('aid.invalidYuan')] }]);
  return true;
}

export default function ProgramFormPage() {
  const t = useT();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { me } = useAuth();
  const { id } = useParams();
  const editing = !!id;
  const [form] = Form.useForm<Values>();
  const q = useQuery({ queryKey: aidKeys.program(id ?? ''), queryFn: () => getProgram(id!), enabled: editing });
  const p = q.data;
  const init = useMemo(() => initialValues(p, me.org.id), [p, me.org.id]);
  useEffect(() => form.setFieldsValue(init), [form, init]);
  const type = Form.useWatch('type', form);
  const mode = Form.useWatch(['amount', 'mode'], form) ?? init.amount.mode;
  const watched = Form.useWatch([], form) as Values | undefined;

  const rulesChanged = useMemo(() => {
    if (!p || !watched?.amount) return false;
    const now = formToAmountRule(watched.amount);
    const before = formToAmountRule(amountRuleToForm(p.rules.amount));
    const elig = sorted(normEligibility(watched.eligibility)) !== sorted(normEligibility(p.rules.eligibility));
    return elig || !now.ok || !before.ok || JSON.stringify(now.rule) !== JSON.stringify(before.rule);
  }, [p, watched]);

  const save = useMutation({
    meta: { quiet: true },
    mutationFn: async (v: Values & { rule: AmountRule }) => {
      const budgetFen = yuanTextToFen(v.budgetYuan) ?? 0;
      const eligibility = normEligibility(v.eligibility);
      if (!p) {
        return createProgram({
          name: v.name,
          type: v.type,
          ...(v.type === 'custom' ? { customType: v.customType } : {}),
          fundingOrgId: v.fundingOrgId,
          year: v.year,
          budgetFen,
          windowStart: v.windowStart,
          windowEnd: v.windowEnd,
          noticeDays: v.noticeDays,
          eligibility,
          amount: v.rule,
        });
      }
      let out = p;
      const patch = {
        ...(v.name !== p.name ? { name: v.name } : {}),
        ...(budgetFen !== p.budgetFen ? { budgetFen } : {}),
        ...(v.windowStart !== p.windowStart ? { windowStart: v.windowStart } : {}),
        ...(v.windowEnd !== p.windowEnd ? { windowEnd: v.windowEnd } : {}),
        ...(v.noticeDays !== p.noticeDays ? { noticeDays: v.noticeDays } : {}),
      };
      if (Object.keys(patch).length) out = await patchProgram(p.id, { version: p.version, ...patch });
      if (rulesChanged) out = await newRulesVersion(p.id, { version: out.version, eligibility, amount: v.rule, ...(v.note?.trim() ? { note: v.note.trim() } : {}) });
      return out;
    },
    onSuccess: (r) => {
      toast()?.success(!p ? t('aid.prog.created') : rulesChanged ? t('aid.prog.rulesSaved', { n: r.currentVersion }) : t('aid.prog.saved'));
      void qc.invalidateQueries({ queryKey: aidKeys.all });
      navigate(`/aid/programs/${r.id}`);
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 409) void q.refetch();
      applyFormError(form, e, ['name', 'type', 'customType', 'fundingOrgId', 'year', 'budgetFen', 'windowStart', 'windowEnd', 'noticeDays']);
    },
  });

  const onFinish = (v: Values) => {
    const r = formToAmountRule(v.amount);
    if (amountProblem(form, r, t)) return;
    if (r.ok) save.mutate({ ...v, rule: r.rule });
  };

  if (editing && q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const yuanRule = {
    validator: (_r: unknown, v: string | undefined) => (v && v.trim() && yuanTextToFen(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('aid.invalidYuan')))),
  };
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/aid">{t('aid.programs.title')}</Link> }, ...(p ? [{ title: <Link to={`/aid/programs/${p.id}`}>{p.name}</Link> }] : []), { title: editing ? t('aid.form.editTitle') : t('aid.form.createTitle') }]} />
      <Card title={editing ? t('aid.form.editTitle') : t('aid.form.createTitle')} loading={editing && q.isPending}>
        <Form<Values> form={form} layout="vertical" initialValues={init} onFinish={onFinish} data-testid="program-form" scrollToFirstError>
          <Typography.Title level={5}>{t('aid.form.basic')}</Typography.Title>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="name" label={t('aid.prog.name')} rules={[{ required: true, whitespace: true, min: 2, max: 80, message: t('common.required', { field: t('aid.prog.name') }) }]}>
                <Input placeholder={t('aid.prog.namePh')} maxLength={80} data-testid="program-name" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="type" label={t('aid.programs.type')} rules={[{ required: true }]}>
                <Select disabled={editing} options={enumOptions(t, PROGRAM_TYPES, PROGRAM_TYPE_LABELS)} data-testid="program-type" />
              </Form.Item>
            </Col>
            {type === 'custom' && (
              <Col xs={12} md={6}>
                <Form.Item name="customType" label={t('aid.prog.customType')} rules={[{ required: true, whitespace: true, max: 40, message: t('common.required', { field: t('aid.prog.customType') }) }]}>
                  <Input disabled={editing} maxLength={40} data-testid="program-custom-type" />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={12}>
              <Form.Item name="fundingOrgId" label={t('aid.prog.fundingOrg')} rules={[{ required: true, message: t('common.selectRequired', { field: t('aid.prog.fundingOrg') }) }]}>
                {editing ? <Input disabled value={p?.fundingOrgName} /> : <OrgTreeSelect withinPath={me.scope.orgPath} data-testid="program-funding-org" />}
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="year" label={t('aid.programs.year')} rules={[{ required: true }]}>
                <InputNumber disabled={editing} min={2000} max={2100} style={{ width: '100%' }} data-testid="program-year" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="budgetYuan" label={t('aid.prog.budgetYuan')} rules={[yuanRule]}>
                <Input inputMode="decimal" suffix={t('aid.yuan')} data-testid="program-budget" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="windowStart" label={t('aid.prog.windowStart')} rules={[{ required: true }]}>
                <Input type="date" data-testid="program-window-start" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="windowEnd"
                label={t('aid.prog.windowEnd')}
                dependencies={['windowStart']}
                rules={[{ required: true }, ({ getFieldValue }) => ({ validator: (_r, v: string) => (!v || v >= getFieldValue('windowStart') ? Promise.resolve() : Promise.reject(new Error(t('aid.prog.windowOrder')))) })]}
              >
                <Input type="date" data-testid="program-window-end" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="noticeDays" label={t('aid.prog.noticeDays')} rules={[{ required: true }]}>
                <InputNumber min={0} max={60} style={{ width: '100%' }} data-testid="program-notice-days" />
              </Form.Item>
            </Col>
          </Row>
          <RulesFields mode={mode} />
          {editing && rulesChanged && (
            <>
              <Alert type="info" showIcon title={t('aid.form.rulesChanged')} style={{ marginBottom: 12 }} data-testid="rules-changed" />
              <Form.Item name="note" label={t('aid.form.note')} rules={[{ max: 200 }]}>
                <Input maxLength={200} data-testid="rules-note" />
              </Form.Item>
            </>
          )}
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="program-save">
              {t('aid.form.submit')}
            </Button>
            <Button onClick={() => navigate(p ? `/aid/programs/${p.id}` : '/aid')}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </Space>
  );
}
