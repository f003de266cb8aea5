import { CheckCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Col, DatePicker, Divider, Form, Input, Radio, Row, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { CONTRIBUTION_BASES, CONTRIBUTION_BASIS_LABELS, MEMBER_STATUS_LABELS, PAYERS, PAYER_LABELS, PLAN_KINDS, PLAN_KIND_LABELS, STATUS_SELECTORS, type PlanKind, type Scheme, type SchemeDraftInput } from '../../../contracts/mutual-aid';
import { isApiError } from '../../app/api';
import { useT, type MsgKey } from '../../app/i18n';
import { errorText, toast } from '../../ui/feedback';
import { createScheme, mutualAidKeys, type SchemeVersionDto, updateDraft } from './api';
import { type ContributionForm, type FormIssue, type SchemeForm as SchemeFormModel, checkSchemeForm, emptyContribution, emptyPlan, issuesByPath, schemeToForm, serverPath } from './scheme-form.rules';
import { Field, GroupIssues, IntInput, IssueListAlert, RemoveButton, SchemeFormContext, YuanInput, issueText, labelOptions, removeAt, replaceAt } from './SchemeFormParts';
import { SchemePlanCard } from './SchemePlanCard';

/**
 * 互助方案表单: a scheme as a structured form — its name, region and period, the contribution rules, and the plans as
 * cards with the fields of their kind. Each field shows the problems at its path of the scheme (found as one types by
 * the contract's own check, or answered by the server). Read only for a published version.
 */
export function SchemeForm({ value, onChange, readOnly = false, codeEditable = false, issues }: { value: SchemeFormModel; onChange?: (v: SchemeFormModel) => void; readOnly?: boolean; codeEditable?: boolean; issues: FormIssue[] }) {
  const t = useT();
  const byPath = useMemo(() => issuesByPath(issues), [issues]);
  const ctx = useMemo(() => ({ issues: byPath, readOnly }), [byPath, readOnly]);
  const set = (patch: Partial<SchemeFormModel>) => onChange?.({ ...value, ...patch });
  const setRule = (i: number, patch: Partial<ContributionForm>) => set({ contributions: replaceAt(value.contributions, i, { ...value.contributions[i]!, ...patch }) });
  const [newKind, setNewKind] = useState<PlanKind>('ratio');

  return (
    <SchemeFormContext.Provider value={ctx}>
      <Form layout="vertical" disabled={readOnly} component="div" data-testid="ma-scheme-form">
        <Typography.Title level={5}>{t('msf.basics')}</Typography.Title>
        <Row gutter={12}>
          <Col xs={12} md={4}>
            <Field path="code" label={t('msf.code')} extra={codeEditable ? undefined : t('msf.codeFixed')}>
              <Input value={value.code} onChange={(e) => set({ code: e.target.value })} disabled={readOnly || !codeEditable} data-testid="ma-scheme-code" />
            </Field>
          </Col>
          <Col xs={12} md={3}>
            <Field path="version" label={t('msf.version')}>
              <Input value={String(value.version)} disabled />
            </Field>
          </Col>
          <Col xs={24} md={9}>
            <Field path="name.zh" label={t('msf.nameZh')}>
              <Input value={value.nameZh} onChange={(e) => set({ nameZh: e.target.value })} data-testid="ma-scheme-name-zh" />
            </Field>
          </Col>
          <Col xs={24} md={8}>
            <Field path="name.en" label={t('msf.nameEn')}>
              <Input value={value.nameEn} onChange={(e) => set({ nameEn: e.target.value })} data-testid="ma-scheme-name-en" />
            </Field>
          </Col>
          <Col xs={12} md={6}>
            <Field path="regionCode" label={t('msf.region')}>
              <Input value={value.regionCode} onChange={(e) => set({ regionCode: e.target.value })} inputMode="numeric" data-testid="ma-scheme-region" />
            </Field>
          </Col>
          <Col xs={24} md={10}>
            <Field path={['period', 'period.kind', 'period.startMonthDay']} label={t('msf.periodKind')}>
              <Space wrap>
                <Radio.Group
                  value={value.periodKind}
                  onChange={(e) => set({ periodKind: e.target.value as SchemeFormModel['periodKind'] })}
                  options={(['calendar_year', 'policy_year'] as const).map((k) => ({ value: k, label: t(`msf.period.${k}` as MsgKey) }))}
                />
                {value.periodKind === 'policy_year' && <Input value={value.startMonthDay} onChange={(e) => set({ startMonthDay: e.target.value })} placeholder={t('msf.startMonthDay')} style={{ width: 190 }} data-testid="ma-scheme-start" />}
              </Space>
            </Field>
          </Col>
          <Col xs={12} md={8}>
            <Field path="maxPlansPerMember" label={t('msf.maxPlans')} extra={t('msf.maxPlansHint')}>
              <IntInput value={value.maxPlansPerMember} onChange={(maxPlansPerMember) => set({ maxPlansPerMember })} />
            </Field>
          </Col>
          <Col xs={24}>
            <Field path="note" label={t('msf.note')}>
              <Input value={value.note} onChange={(e) => set({ note: e.target.value })} />
            </Field>
          </Col>
        </Row>

        <Divider style={{ margin: '4px 0 12px' }} />
        <Typography.Title level={5}>{t('msf.contributions')}</Typography.Title>
        <GroupIssues path="contributions" />
        <Table<ContributionForm>
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={value.contributions}
          scroll={{ x: 760 }}
          data-testid="ma-scheme-form-contributions"
          columns={[
            {
              title: t('msf.status'),
              width: 150,
              render: (_x, r, i) => (
                <Field path={[`contributions.${i}`, `contributions.${i}.memberStatus`]} style={{ marginBottom: 0 }}>
                  <Select value={r.memberStatus} onChange={(memberStatus) => setRule(i, { memberStatus })} options={labelOptions(t, MEMBER_STATUS_LABELS, STATUS_SELECTORS)} />
                </Field>
              ),
            },
            { title: t('msf.basis'), width: 190, render: (_x, r, i) => <Select value={r.basis} onChange={(basis) => setRule(i, { basis })} options={labelOptions(t, CONTRIBUTION_BASIS_LABELS, CONTRIBUTION_BASES)} style={{ width: '100%' }} /> },
            { title: t('msf.payer'), width: 150, render: (_x, r, i) => <Select value={r.payer} onChange={(payer) => setRule(i, { payer })} options={labelOptions(t, PAYER_LABELS, PAYERS)} style={{ width: '100%' }} /> },
            {
              title: t('msf.amountYuan'),
              width: 170,
              render: (_x, r, i) => (
                <Field path={`contributions.${i}.amountFen`} style={{ marginBottom: 0 }}>
                  <YuanInput value={r.amountYuan} onChange={(amountYuan) => setRule(i, { amountYuan })} testId={`ma-contribution-${i}-amount`} />
                </Field>
              ),
            },
            { title: t('msf.note'), render: (_x, r, i) => <Input value={r.note} onChange={(e) => setRule(i, { note: e.target.value })} /> },
            { width: 40, render: (_x, _r, i) => <RemoveButton onClick={() => set({ contributions: removeAt(value.contributions, i) })} /> },
          ]}
        />
        {!readOnly && (
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => set({ contributions: [...value.contributions, emptyContribution()] })} style={{ marginTop: 8 }} data-testid="ma-scheme-add-contribution">
            {t('msf.addContribution')}
          </Button>
        )}

        <Divider style={{ margin: '12px 0' }} />
        <Typography.Title level={5}>{t('msf.plans')}</Typography.Title>
        <GroupIssues path="plans" />
        {value.plans.map((p, i) => (
          <SchemePlanCard key={p.key} plan={p} index={i} onChange={(next) => set({ plans: replaceAt(value.plans, i, next) })} onRemove={() => set({ plans: removeAt(value.plans, i) })} />
        ))}
        {!readOnly && (
          <Space>
            <Select value={newKind} onChange={setNewKind} options={labelOptions(t, PLAN_KIND_LABELS, PLAN_KINDS)} style={{ width: 200 }} />
            <Button icon={<PlusOutlined />} onClick={() => set({ plans: [...value.plans, emptyPlan(newKind)] })} data-testid="ma-scheme-add-plan">
              {t('msf.addPlan')}
            </Button>
          </Space>
        )}
      </Form>
    </SchemeFormContext.Provider>
  );
}

interface ServerDetail {
  path?: string;
  message?: string;
  messageZh?: string;
}

/**
 * A draft edited in the form: the period it will be in force, the scheme checked as one types, and saving (a new
 * scheme or the draft's update). The server's problems come back by path and show at their fields too.
 */
export function SchemeEditor(props: { initial?: SchemeVersionDto; template?: Scheme; onSaved: (v: SchemeVersionDto) => void; onCancel?: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const start = props.initial ?? null;
  const [form, setForm] = useState<SchemeFormModel>(() => schemeToForm(start?.scheme ?? props.template!));
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(start ? [dayjs(start.validFrom), dayjs(start.validTo)] : [dayjs().startOf('year').add(1, 'year'), dayjs().endOf('year').add(1, 'year')]);
  const [server, setServer] = useState<{ message: string; issues: FormIssue[]; other: string[] } | null>(null);
  const check = useMemo(() => checkSchemeForm(form), [form]);
  const issues = useMemo(() => [...check.issues, ...(server?.issues ?? [])], [check.issues, server]);
  const change = (v: SchemeFormModel) => {
    setForm(v);
    setServer(null);
  };
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (body: SchemeDraftInput) => (start ? updateDraft(start.id, body) : createScheme(body)),
    onSuccess: (v) => {
      setServer(null);
      void qc.invalidateQueries({ queryKey: mutualAidKeys.all });
      toast()?.success(t('ma.schemes.saved'));
      props.onSaved(v);
    },
    onError: (e) => {
      const details = isApiError(e) && Array.isArray(e.details) ? (e.details as ServerDetail[]) : [];
      const at = details.filter((d) => d.path && d.path !== 'validFrom' && d.path !== 'validTo');
      const period = details.filter((d) => d.path === 'validFrom' || d.path === 'validTo');
      setServer({
        message: errorText(e),
        issues: at.map((d) => ({ path: serverPath(d.path), zh: d.messageZh ?? d.message ?? '', en: d.message ?? '' })),
        other: period.map((d) => t.label({ zh: d.messageZh ?? d.message ?? '', en: d.message ?? '' })),
      });
    },
  });
  const submit = () => {
    if (!range) return toast()?.error(t('ma.schemes.periodRequired'));
    if (check.issues.length) return toast()?.error(t('msf.fixFirst', { n: check.issues.length }));
    save.mutate({ validFrom: range[0].format('YYYY-MM-DD'), validTo: range[1].format('YYYY-MM-DD'), scheme: check.raw });
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>{t('ma.schemes.period')}</Typography.Text>
        <DatePicker.RangePicker value={range} onChange={(v) => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null)} allowClear={false} data-testid="ma-scheme-period" status={server?.other.length ? 'error' : undefined} />
        {server?.other.map((m, i) => (
          <Typography.Text key={i} type="danger">
            {m}
          </Typography.Text>
        ))}
      </Space>
      <SchemeForm value={form} onChange={change} issues={issues} codeEditable={!start} />
      <IssueSummary issues={check.issues} server={server} />
      <Space>
        <Button type="primary" onClick={submit} loading={save.isPending} data-testid="ma-scheme-save">
          {t('ma.schemes.save')}
        </Button>
        {props.onCancel && <Button onClick={props.onCancel}>{t('ma.schemes.cancel')}</Button>}
      </Space>
    </Space>
  );
}

/** Every problem in one list under the form (each is also shown at its field), or a note that the scheme checks out. */
function IssueSummary({ issues, server }: { issues: FormIssue[]; server: { message: string; issues: FormIssue[] } | null }) {
  const t = useT();
  if (server) return <IssueListAlert type="error" message={server.message} items={server.issues.map((d) => ({ path: d.path || 'scheme', text: issueText(t, d) }))} testId="ma-scheme-errors" />;
  if (!issues.length)
    return (
      <Typography.Text type="success" data-testid="ma-scheme-valid">
        <CheckCircleOutlined /> {t('msf.valid')}
      </Typography.Text>
    );
  return <IssueListAlert type="warning" message={t('msf.issues', { n: issues.length })} items={issues.map((d) => ({ path: d.path || 'scheme', text: issueText(t, d) }))} maxHeight={160} testId="ma-scheme-issues" />;
}
