import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Affix, Alert, Button, Card, Checkbox, Col, Divider, Empty, Form, Input, Row, Select, Skeleton, Space, Spin, Statistic, Switch, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  CAUSES,
  CAUSE_LABELS,
  EMPLOYMENT,
  EMPLOYMENT_LABELS,
  FLAGS,
  FLAG_LABELS,
  HEALTH,
  HEALTH_LABELS,
  HOUSING,
  HOUSING_LABELS,
  INCOME_SOURCES,
  INCOME_SOURCE_LABELS,
  RELATIONS,
  RELATION_LABELS,
  SCHOOLING_LABELS,
  SCHOOLING_STAGES,
  type AssessBody,
} from '../../../contracts/registry';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useT, type MsgKey, type Translator } from '../../app/i18n';
import { showError, toast } from '../../ui/feedback';
import { formatFen } from '../../ui/format';
import { ageOn, parseIdNumber } from '../../ui/idcard';
import { LoadError, NotFound } from '../../ui/results';
import { useDebounced } from '../../ui/useDebounced';
import { useOrg } from '../orgs/api';
import { OrgTreeSelect } from '../orgs/OrgTreeSelect';
import { createHousehold, getHousehold, registryKeys, updateHousehold, type HouseholdDto } from './api';
import { AssessError, useAssess } from './AssessPage';
import { IdentificationResult } from './IdentificationResult';
import { RegionSelect, useActorRegion, useRegionNames, yuanRule, YuanInput } from './inputs';
import { enumLabel, enumOptions } from './labels';
import type { HouseholdInput } from '../../../contracts/registry';
import { EDITABLE } from './lifecycle';
import { deriveFigures, fitsMask, fromDto, memberMonthlyFen, newMember, serverPathToName, toInput, type FormValues, type MemberValues } from './formModel';
import { currentYear, todayShanghai } from './numbers';

const ID_PROBLEM_KEYS: Record<string, MsgKey> = { format: 'member.idFormat', birth_date: 'member.idBirthDate', checksum: 'member.idChecksum' };

/** The sex, birth date and age an ID number carries, shown under the input as it is typed. */
function IdDerived({ value, masked }: { value: string | undefined; masked?: string }) {
  const t = useT();
  const s = (value ?? '').trim();
  if (!s) return masked ? <span>{t('member.idReenter', { masked })}</span> : null;
  if (s.length < 18) return <span>{t('member.idTyping', { count: s.length })}</span>;
  const r = parseIdNumber(s);
  if (!r.ok) return null;
  return (
    <span data-testid="id-derived" style={{ color: '#389e0d' }}>
      {r.info.sex === 'male' ? t('member.male') : t('member.female')} · {r.info.birthDate} · {t('member.ageN', { age: ageOn(r.info.birthDate, todayShanghai()) })}
    </span>
  );
}

function idRules(t: Translator, index: number, getMembers: () => MemberValues[] | undefined) {
  return [
    {
      validator: async (_: unknown, v: string | undefined) => {
        const s = (v ?? '').trim();
        // a member already on file may leave it empty: the stored number is kept
        if (!s && getMembers()?.[index]?.idMasked) return;
        if (!s) throw new Error(t('common.required', { field: t('user.idNumber') }));
        if (s.length < 18) throw new Error(t('member.idFormat'));
        const r = parseIdNumber(s);
        if (!r.ok) throw new Error(t(ID_PROBLEM_KEYS[r.problem]));
        const members = getMembers() ?? [];
        const mask = members[index]?.idMasked;
        if (mask && !fitsMask(s, mask)) throw new Error(t('member.idNotMask', { masked: mask }));
        const dup = members.findIndex((m, i) => i !== index && (m?.idNumber ?? '').trim().toUpperCase() === r.info.normalized);
        if (dup >= 0) throw new Error(t('member.idDuplicate', { n: dup + 1 }));
      },
    },
  ];
}

function MemberCard({ index, remove, canRemove, form }: { index: number; remove: () => void; canRemove: boolean; form: ReturnType<typeof Form.useForm<FormValues>>[0] }) {
  const t = useT();
  const m = Form.useWatch(['members', index], form) as MemberValues | undefined;
  const monthly = memberMonthlyFen(m);
  const getMembers = () => form.getFieldValue('members') as MemberValues[] | undefined;
  return (
    <Card
      size="small"
      style={{ marginBottom: 12, borderColor: m?.relation === 'self' ? '#ffa39e' : undefined }}
      title={
        <Space size={8}>
          <span>{t('member.n', { n: index + 1 })}</span>
          {m?.name && <strong>{m.name}</strong>}
          {m?.relation && <Tag color={m.relation === 'self' ? 'red' : 'default'}>{enumLabel(t, RELATION_LABELS, m.relation)}</Tag>}
        </Space>
      }
      extra={
        <Space size={12}>
          <Typography.Text type="secondary">
            {t('member.monthlyIncome')} <strong>{formatFen(monthly)}</strong>
          </Typography.Text>
          {canRemove && (
            <Tooltip title={t('member.remove')}>
              <Button type="text" danger size="small" icon={<DeleteOutlined />} onClick={remove} aria-label={t('member.remove')} data-testid={`member-remove-${index}`} />
            </Tooltip>
          )}
        </Space>
      }
      data-testid={`member-${index}`}
    >
      <Form.Item name={[index, 'id']} hidden>
        <Input />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} md={5}>
          <Form.Item name={[index, 'name']} label={t('member.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('member.name') }) }, { max: 40 }]}>
            <Input id={`member-${index}-name`} maxLength={40} autoComplete="off" data-testid={`member-${index}-name`} />
          </Form.Item>
        </Col>
        <Col xs={24} md={5}>
          <Form.Item name={[index, 'relation']} label={t('member.relation')} rules={[{ required: true, message: t('common.selectRequired', { field: t('member.relation') }) }]}>
            <Select
              id={`member-${index}-relation`}
              options={enumOptions(t, RELATIONS, RELATION_LABELS)}
              data-testid={`member-${index}-relation`}
              onChange={() => void form.validateFields(['members'])}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name={[index, 'idNumber']}
            label={t('user.idNumber')}
            validateFirst
            rules={idRules(t, index, getMembers)}
            extra={<IdDerived value={m?.idNumber} masked={m?.idMasked} />}
            validateDebounce={150}
          >
            <Input
              id={`member-${index}-idNumber`}
              maxLength={18}
              autoComplete="off"
              placeholder={m?.idMasked ?? t('member.idPlaceholder')}
              style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' }}
              data-testid={`member-${index}-idNumber`}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item
            name={[index, 'phone']}
            label={t('user.phone')}
            rules={[{ pattern: /^1\d{10}$/, message: t('user.phoneInvalid') }]}
            extra={m?.phoneMasked && !m?.phone ? t('member.phoneWillClear', { masked: m.phoneMasked }) : undefined}
          >
            <Input id={`member-${index}-phone`} maxLength={11} inputMode="numeric" autoComplete="off" placeholder={m?.phoneMasked ?? undefined} data-testid={`member-${index}-phone`} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} md={6}>
          <Form.Item name={[index, 'health']} label={t('member.health')}>
            <Select
              id={`member-${index}-health`}
              options={enumOptions(t, HEALTH, HEALTH_LABELS)}
              data-testid={`member-${index}-health`}
              onChange={(v) => {
                if (v !== 'disability') form.setFieldValue(['members', index, 'disabilityGrade'], null);
              }}
            />
          </Form.Item>
        </Col>
        {m?.health === 'disability' && (
          <Col xs={24} md={4}>
            <Form.Item name={[index, 'disabilityGrade']} label={t('member.disabilityGrade')} rules={[{ required: true, message: t('member.gradeRequired') }]}>
              <Select id={`member-${index}-grade`} options={[1, 2, 3, 4].map((g) => ({ value: g, label: t('member.gradeN', { grade: g }) }))} data-testid={`member-${index}-grade`} />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={m?.health === 'disability' ? 7 : 9}>
          <Form.Item name={[index, 'schoolingStage']} label={t('member.schooling')}>
            <Select id={`member-${index}-schooling`} options={enumOptions(t, SCHOOLING_STAGES, SCHOOLING_LABELS)} data-testid={`member-${index}-schooling`} />
          </Form.Item>
        </Col>
        <Col xs={24} md={m?.health === 'disability' ? 7 : 9}>
          <Form.Item name={[index, 'employment']} label={t('member.employment')}>
            <Select id={`member-${index}-employment`} options={enumOptions(t, EMPLOYMENT, EMPLOYMENT_LABELS)} data-testid={`member-${index}-employment`} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('member.incomeBySource')}
      </Typography.Text>
      <Row gutter={8} style={{ marginTop: 4 }}>
        {INCOME_SOURCES.map((src) => (
          <Col xs={12} md={4} key={src}>
            <Form.Item name={[index, 'income', src]} label={<span style={{ fontSize: 12 }}>{enumLabel(t, INCOME_SOURCE_LABELS, src)}</span>} rules={[yuanRule(t)]} style={{ marginBottom: 8 }}>
              <YuanInput id={`member-${index}-income-${src}`} size="small" data-testid={`member-${index}-income-${src}`} />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

/** The derived figures and the live pre-screen with the current values (nothing is saved). */
function Summary({ values }: { values: FormValues | undefined }) {
  const t = useT();
  const names = useRegionNames();
  const d = deriveFigures(values);
  const body: AssessBody | null = useMemo(() => {
    if (!values?.regionCode || !/^\d{6}$/.test(values.regionCode) || !d.complete || d.size < 1 || d.size > 30) return null;
    return { regionCode: values.regionCode, year: currentYear(), receivesDibao: !!values.receivesDibao, size: d.size, annualIncomeFen: d.annualIncomeFen, annualRigidSpendingFen: d.rigidSpendingFen };
  }, [values?.regionCode, values?.receivesDibao, d.complete, d.size, d.annualIncomeFen, d.rigidSpendingFen]);
  const debounced = useDebounced(body, 500);
  const result = useAssess(debounced);
  const perCapita = d.size ? Math.round(d.annualIncomeFen / 12 / d.size) : 0;
  return (
    <Card size="small" title={t('form.summary')} data-testid="hh-form-summary">
      <Row gutter={[8, 12]}>
        <Col span={12}>
          <Statistic title={t('hh.size')} value={d.size} suffix={t('unit.people')} />
        </Col>
        <Col span={12}>
          <Statistic title={t('hh.membersMonthly')} value={formatFen(d.monthlyFen)} styles={{ content: { fontSize: 18 } }} />
        </Col>
        <Col span={12}>
          <div data-testid="form-annual-income">
            <Statistic title={t('hh.annualIncome')} value={formatFen(d.annualIncomeFen)} styles={{ content: { fontSize: 18, color: '#1f5aa6' } }} />
          </div>
        </Col>
        <Col span={12}>
          <div data-testid="form-rigid">
            <Statistic title={t('hh.rigidSpending')} value={formatFen(d.rigidSpendingFen)} styles={{ content: { fontSize: 18, color: '#c4161c' } }} />
          </div>
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {t('form.formula')}
        <br />
        {t('form.perCapitaApprox', { value: formatFen(perCapita) })}
      </Typography.Paragraph>
      <Divider style={{ margin: '12px 0' }}>
        <Space size={6}>
          {t('form.preScreen')}
          {(result.isFetching || JSON.stringify(body) !== JSON.stringify(debounced)) && <Spin size="small" />}
        </Space>
      </Divider>
      <div data-testid="form-prescreen">
        {!body ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('form.preScreenWaiting')} />
        ) : result.isError ? (
          <AssessError error={result.error} />
        ) : result.data ? (
          <IdentificationResult compact r={result.data} regionName={names.get(result.data.lineRegionCode)} />
        ) : (
          <Spin />
        )}
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        {t('form.preScreenNote')}
      </Typography.Paragraph>
    </Card>
  );
}

/** An investigator's recommendation (调查员推荐新发现家庭): a new file for the union of a task they were assigned. */
export interface RecommendFor {
  orgId: string;
  orgName: string;
  regionCode: string;
  /** posts the form (with the investigator's note) and answers the draft */
  submit: (body: HouseholdInput & { note: string }) => Promise<HouseholdDto>;
  onDone: (h: HouseholdDto) => void;
}

export function HouseholdForm({ household, recommend }: { household: HouseholdDto | null; recommend?: RecommendFor }) {
  const t = useT();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { me } = useAuth();
  const [form] = Form.useForm<FormValues>();
  const [serverError, setServerError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [errorShown, setErrorShown] = useState(0);
  useEffect(() => {
    // an error no field can show: bring the message at the top into view
    if (errorShown) document.querySelector('[data-testid="hh-form-error"]')?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [errorShown]);
  const values = Form.useWatch([], form) as FormValues | undefined;
  const editing = !!household;
  const home = useActorRegion();
  const orgRegion = me.org.kind === 'grassroots' && home.length === 6 ? home : undefined;
  const orgId = Form.useWatch('orgId', form) as string | undefined;
  const org = useOrg(recommend ? undefined : (orgId ?? household?.orgId));
  const orgRegionWithin = org.data?.regionCode ?? undefined;
  useEffect(() => {
    // the household lives where its union serves: fill the county in, or clear one outside it
    const rc = org.data?.regionCode;
    if (!rc) return;
    const cur = form.getFieldValue('regionCode') as string | undefined;
    if (rc.length === 6 && cur !== rc) form.setFieldValue('regionCode', rc);
    else if (cur && !cur.startsWith(rc)) form.setFieldValue('regionCode', undefined);
  }, [org.data?.regionCode, form]);

  const initial: FormValues = useMemo(
    () =>
      household
        ? fromDto(household)
        : {
            orgId: recommend ? recommend.orgId : me.org.kind === 'grassroots' ? me.org.id : undefined,
            regionCode: recommend ? recommend.regionCode : me.org.kind === 'grassroots' ? orgRegion : undefined,
            unionMember: true,
            receivesDibao: false,
            housing: 'owned',
            secondaryCauses: [],
            flags: [],
            members: [newMember('self')],
          },
    [household, me.org, orgRegion, recommend],
  );

  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: FormValues) => {
      const body = toInput(v, editing);
      if (recommend) return recommend.submit({ ...(body as HouseholdInput), note: (v.note ?? '').trim() });
      return household ? updateHousehold(household.id, { ...body, version: household.version }) : createHousehold(body as HouseholdInput);
    },
    onSuccess: (h) => {
      if (recommend) {
        toast()?.success(t('form.recommended', { name: h.workerName }));
        return recommend.onDone(h);
      }
      qc.setQueryData(registryKeys.one(h.id), h);
      void qc.invalidateQueries({ queryKey: registryKeys.lists() });
      void qc.invalidateQueries({ queryKey: registryKeys.history(h.id) });
      void qc.invalidateQueries({ queryKey: ['registry', 'stats'] });
      toast()?.success(editing ? t('common.saved') : t('form.created', { name: h.workerName }));
      navigate(`/registry/households/${h.id}`);
    },
    onError: (e) => {
      setServerError(e instanceof Error ? e.message : String(e));
      if (!isApiError(e)) return showError(e);
      // someone else saved the file meanwhile: offer to load their version
      if (e.status === 409 && (e.details as { field?: string } | undefined)?.field === 'version') setStale(true);
      const d = e.details as Array<{ path?: string; field?: string; code?: string; message?: string; messageZh?: string }> | { field?: string } | undefined;
      const list = Array.isArray(d) ? d : d && typeof d === 'object' ? [d as { field?: string; path?: string; code?: string; message?: string; messageZh?: string }] : [];
      const fields = list
        .map((x) => {
          const name = serverPathToName(x.path ?? x.field ?? '', x.code);
          const text = x.messageZh && t.lang === 'zh-CN' ? x.messageZh : x.message && t.lang === 'en' && !x.message.startsWith('unknown field') ? x.message : e.message;
          return name ? { name, errors: [text] } : null;
        })
        .filter((x): x is NonNullable<typeof x> => !!x);
      if (fields.length) {
        form.setFields(fields);
        form.scrollToField(fields[0].name, { block: 'center' });
      } else {
        setErrorShown((n) => n + 1);
      }
    },
  });

  const section = (key: MsgKey, children: ReactNode, id: string, extra?: ReactNode) => (
    <Card size="small" title={t(key)} extra={extra} style={{ marginBottom: 16 }} id={`section-${id}`} data-testid={`form-section-${id}`}>
      {children}
    </Card>
  );

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={(v) => {
        setServerError(null);
        save.mutate(v);
      }}
      onFinishFailed={({ errorFields }) => {
        if (errorFields[0]) form.scrollToField(errorFields[0].name, { block: 'center' });
      }}
      scrollToFirstError={false}
      data-testid="hh-form"
    >
      <Row gutter={16}>
        <Col xs={24} xl={17}>
          <Card style={{ marginBottom: 16 }}>
            <Space align="center" size={12} wrap>
              <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(household ? `/registry/households/${household.id}` : '/registry')} aria-label={t('common.back')} />
              <Typography.Title level={4} style={{ margin: 0 }}>
                {editing ? t('form.editTitle', { name: household!.workerName }) : recommend ? t('form.recommendTitle') : t('form.createTitle')}
              </Typography.Title>
              {household?.archiveNo && <Tag>{household.archiveNo}</Tag>}
            </Space>
            {editing && <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('form.reenterTitle')} description={t('form.reenterBody')} />}
            {serverError && (
              <Alert
                type="error"
                showIcon
                closable={{ onClose: () => setServerError(null) }}
                style={{ marginTop: 12 }}
                title={t('form.saveFailed')}
                description={serverError}
                action={
                  stale && household ? (
                    <Button size="small" danger onClick={() => void qc.invalidateQueries({ queryKey: registryKeys.one(household.id) })} data-testid="hh-form-reload">
                      {t('form.reload')}
                    </Button>
                  ) : undefined
                }
                data-testid="hh-form-error"
              />
            )}
          </Card>

          {recommend &&
            section(
              'form.section.recommend',
              <Form.Item name="note" label={t('form.recommendNote')} rules={[{ required: true, min: 2, whitespace: true, message: t('form.recommendNoteRequired') }]}>
                <Input.TextArea id="hh-note" rows={3} maxLength={1000} showCount placeholder={t('form.recommendNotePlaceholder')} data-testid="hh-recommend-note" />
              </Form.Item>,
              'recommend',
            )}
          {section(
            'form.section.file',
            <Row gutter={12}>
              <Col xs={24} md={12}>
                {recommend ? (
                  <>
                    <Form.Item name="orgId" hidden>
                      <Input />
                    </Form.Item>
                    <Form.Item label={t('hh.org')} extra={t('form.recommendOrgHint')}>
                      <Input value={recommend.orgName} disabled data-testid="hh-org-fixed" />
                    </Form.Item>
                  </>
                ) : (
                  <Form.Item name="orgId" label={t('hh.org')} rules={[{ required: true, message: t('common.selectRequired', { field: t('hh.org') }) }]} extra={t('form.orgHint')}>
                    <OrgTreeSelect
                      id="hh-orgId"
                      data-testid="hh-org"
                      withinPath={me.scope.orgPath}
                      disabledOrg={(o) => (o.kind === 'grassroots' ? null : t('form.orgMustBeGrassroots'))}
                    />
                  </Form.Item>
                )}
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="regionCode" label={t('hh.region')} rules={[{ required: true, message: t('common.selectRequired', { field: t('hh.region') }) }]}>
                  <RegionSelect countyOnly within={orgRegionWithin && orgRegionWithin.length >= 4 ? orgRegionWithin.slice(0, 4) : undefined} id="hh-regionCode" data-testid="hh-region" />
                </Form.Item>
              </Col>
              <Col xs={24} md={16}>
                <Form.Item name="address" label={t('hh.address')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('hh.address') }) }, { min: 2, max: 200, message: t('form.addressLength') }]}>
                  <Input id="hh-address" maxLength={200} data-testid="hh-address" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name="archiveNo"
                  label={t('hh.archiveNo')}
                  rules={[{ pattern: /^\d{6}-\d{4}-\d{6}$/, message: t('form.archiveNoInvalid') }]}
                  extra={editing ? t('form.archiveNoFixed') : t('form.archiveNoHint')}
                >
                  <Input id="hh-archiveNo" maxLength={18} disabled={editing} placeholder="520302-2026-000123" data-testid="hh-archiveNo" />
                </Form.Item>
              </Col>
            </Row>,
            'file',
          )}

          {section(
            'form.section.worker',
            <Row gutter={12}>
              <Col xs={24} md={16}>
                <Form.Item name="employer" label={t('hh.employer')} rules={[{ max: 100 }]}>
                  <Input id="hh-employer" maxLength={100} data-testid="hh-employer" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="unionMember" label={t('hh.unionMember')} valuePropName="checked">
                  <Switch id="hh-unionMember" checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
                </Form.Item>
              </Col>
            </Row>,
            'worker',
          )}

          <Form.List
            name="members"
            rules={[
              {
                validator: async (_, members: MemberValues[] | undefined) => {
                  const list = members ?? [];
                  if (!list.length) throw new Error(t('form.membersRequired'));
                  const selfs = list.filter((m) => m?.relation === 'self').length;
                  if (selfs === 0) throw new Error(t('form.noWorker'));
                  if (selfs > 1) throw new Error(t('form.severalWorkers'));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) =>
              section(
                'form.section.members',
                <>
                  {fields.map((f) => (
                    <MemberCard key={f.key} index={f.name} remove={() => remove(f.name)} canRemove={fields.length > 1} form={form} />
                  ))}
                  <Form.ErrorList errors={errors} />
                  <Button
                    type="dashed"
                    block
                    icon={<PlusOutlined />}
                    disabled={fields.length >= 30}
                    onClick={() => add(newMember((form.getFieldValue('members') as MemberValues[] | undefined)?.some((m) => m?.relation === 'self') ? 'spouse' : 'self'))}
                    data-testid="member-add"
                  >
                    {t('member.add')}
                  </Button>
                </>,
                'members',
                <Typography.Text type="secondary">{t('form.membersHint')}</Typography.Text>,
              )
            }
          </Form.List>

          {section(
            'form.section.housing',
            <Row gutter={12}>
              <Col xs={24} md={12}>
                <Form.Item name="housing" label={t('hh.housing')} rules={[{ required: true, message: t('common.selectRequired', { field: t('hh.housing') }) }]}>
                  <Select id="hh-housing" options={enumOptions(t, HOUSING, HOUSING_LABELS)} data-testid="hh-housing" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="housingArea" label={t('hh.housingArea')} rules={[{ pattern: /^\d{1,4}(\.\d{1,2})?$/, message: t('form.areaInvalid') }]}>
                  <Input id="hh-housingArea" inputMode="decimal" suffix="㎡" maxLength={7} data-testid="hh-housingArea" />
                </Form.Item>
              </Col>
            </Row>,
            'housing',
          )}

          {section(
            'form.section.money',
            <>
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item name="receivesDibao" label={t('hh.receivesDibao')} valuePropName="checked">
                    <Switch id="hh-receivesDibao" checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} data-testid="hh-receivesDibao" />
                  </Form.Item>
                </Col>
                {values?.receivesDibao && (
                  <Col xs={24} md={16}>
                    <Form.Item name="dibaoCertificateNo" label={t('hh.certificateNo')} rules={[{ max: 40 }]}>
                      <Input id="hh-dibaoCertificateNo" maxLength={40} data-testid="hh-certificateNo" />
                    </Form.Item>
                  </Col>
                )}
              </Row>
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item name="otherAnnualIncome" label={t('hh.otherIncome')} rules={[yuanRule(t)]} extra={t('form.otherIncomeHint')}>
                    <YuanInput id="hh-otherAnnualIncome" data-testid="hh-otherIncome" />
                  </Form.Item>
                </Col>
              </Row>
              <Typography.Text strong>{t('hh.rigidSpending')}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                {t('form.rigidHint')}
              </Typography.Text>
              <Row gutter={12} style={{ marginTop: 8 }}>
                <Col xs={24} md={8}>
                  <Form.Item name="medicalOutOfPocket" label={t('hh.medical')} rules={[yuanRule(t)]}>
                    <YuanInput id="hh-medical" data-testid="hh-medical" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="schoolingSpending" label={t('hh.schoolingSpending')} rules={[yuanRule(t)]}>
                    <YuanInput id="hh-schooling" data-testid="hh-schooling" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="disasterLoss" label={t('hh.disasterLoss')} rules={[yuanRule(t)]}>
                    <YuanInput id="hh-disaster" data-testid="hh-disaster" />
                  </Form.Item>
                </Col>
              </Row>
            </>,
            'money',
          )}

          {section(
            'form.section.causes',
            <Row gutter={12}>
              <Col xs={24} md={8}>
                <Form.Item name="primaryCause" label={t('hh.primaryCause')} rules={[{ required: true, message: t('common.selectRequired', { field: t('hh.primaryCause') }) }]}>
                  <Select
                    id="hh-primaryCause"
                    options={enumOptions(t, CAUSES, CAUSE_LABELS)}
                    data-testid="hh-primaryCause"
                    onChange={(v) => form.setFieldValue('secondaryCauses', ((form.getFieldValue('secondaryCauses') as string[] | undefined) ?? []).filter((c) => c !== v))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={16}>
                <Form.Item name="secondaryCauses" label={t('hh.secondaryCauses')}>
                  <Select
                    id="hh-secondaryCauses"
                    mode="multiple"
                    allowClear
                    options={enumOptions(t, CAUSES, CAUSE_LABELS).filter((o) => o.value !== values?.primaryCause)}
                    data-testid="hh-secondaryCauses"
                  />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item name="flags" label={t('hh.flags')} style={{ marginBottom: 0 }}>
                  <Checkbox.Group options={enumOptions(t, FLAGS, FLAG_LABELS)} data-testid="hh-flags" />
                </Form.Item>
              </Col>
            </Row>,
            'causes',
          )}

          {section(
            'form.section.bank',
            <Row gutter={12}>
              <Col xs={24} md={10}>
                <Form.Item name="bankName" label={t('hh.bankName')} rules={[{ max: 60 }]}>
                  <Input id="hh-bankName" maxLength={60} data-testid="hh-bankName" />
                </Form.Item>
              </Col>
              <Col xs={24} md={14}>
                <Form.Item
                  name="bankAccount"
                  label={t('hh.bankAccount')}
                  rules={[{ pattern: /^\d{10,30}$/, message: t('form.bankInvalid') }]}
                  extra={household?.bankAccount && !values?.bankAccount ? t('form.bankWillClear', { masked: household.bankAccount }) : t('form.bankHint')}
                >
                  <Input id="hh-bankAccount" maxLength={30} inputMode="numeric" autoComplete="off" placeholder={household?.bankAccount ?? undefined} data-testid="hh-bankAccount" />
                </Form.Item>
              </Col>
            </Row>,
            'bank',
          )}

          <Card>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} size="large" data-testid="hh-form-submit">
                {editing ? t('common.save') : recommend ? t('form.recommendSubmit') : t('form.createSubmit')}
              </Button>
              <Button size="large" onClick={() => navigate(household ? `/registry/households/${household.id}` : recommend ? '/verification' : '/registry')} data-testid="hh-form-cancel">
                {t('common.cancel')}
              </Button>
              {!editing && (
                <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                  {t('form.createNote')}
                </Typography.Text>
              )}
            </Space>
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <Affix offsetTop={80}>
            <div>
              <Summary values={values} />
            </div>
          </Affix>
        </Col>
      </Row>
    </Form>
  );
}

export default function HouseholdFormPage() {
  const t = useT();
  const { id } = useParams();
  const q = useQuery({ queryKey: registryKeys.one(id ?? ''), queryFn: () => getHousehold(id!), enabled: !!id, meta: { quiet: true } });
  useEffect(() => {
    document.documentElement.scrollTop = 0;
  }, [id]);
  if (!id) return <HouseholdForm household={null} />;
  if (q.isError && isApiError(q.error) && (q.error.status === 404 || q.error.status === 400)) return <NotFound />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;
  if (!EDITABLE.includes(q.data.status)) return <Card><Alert type="warning" showIcon title={t('form.notEditable')} /></Card>;
  return <HouseholdForm key={`${q.data.id}-${q.data.version}`} household={q.data} />;
}
