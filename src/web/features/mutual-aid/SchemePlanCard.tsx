import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, Divider, Input, Popconfirm, Radio, Row, Select, Space, Switch, Table, Typography } from 'antd';
import {
  CAP_SCOPES,
  CAP_SCOPE_LABELS,
  MEMBER_STATUSES,
  MEMBER_STATUS_LABELS,
  PAYERS,
  PAYER_LABELS,
  PLAN_KINDS,
  PLAN_KIND_LABELS,
  RATIO_BASES,
  RATIO_BASE_LABELS,
  STATUS_SELECTORS,
  TRIGGERS,
  TRIGGER_LABELS,
  type MemberStatus,
  type PlanKind,
} from '../../../contracts/mutual-aid';
import { useT, type MsgKey } from '../../app/i18n';
import { decimalToScaled, scaledToDecimal } from '../registry/numbers';
import { DEFAULT_TRIGGER, KIND_TRIGGERS, type BandForm, type CapForm, type DiagnosisForm, type FundingForm, type PlanForm, type VariantForm, emptyBand, emptyCap, emptyDiagnosis, emptyFunding, emptyVariant } from './scheme-form.rules';
import { Field, GroupIssues, IntInput, PercentInput, RemoveButton, YuanInput, labelOptions, removeAt, replaceAt, useReadOnly } from './SchemeFormParts';

/** One plan of the scheme form: its common fields, the fields of its kind, and its limits and funding. */
export function SchemePlanCard({ plan, index, onChange, onRemove }: { plan: PlanForm; index: number; onChange: (p: PlanForm) => void; onRemove: () => void }) {
  const t = useT();
  const readOnly = useReadOnly();
  const at = `plans.${index}`;
  const set = (patch: Partial<PlanForm>) => onChange({ ...plan, ...patch });
  const setKind = (kind: PlanKind) => set({ kind, trigger: KIND_TRIGGERS[kind].includes(plan.trigger) ? plan.trigger : DEFAULT_TRIGGER[kind] });

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid={`ma-plan-${index}`}
      title={
        <Space>
          <Typography.Text strong>{t.label({ zh: plan.nameZh, en: plan.nameEn }) || t('msf.plans')}</Typography.Text>
          <Typography.Text type="secondary">{plan.code}</Typography.Text>
        </Space>
      }
      extra={
        !readOnly && (
          <Popconfirm title={t('msf.removePlanConfirm')} onConfirm={onRemove}>
            <Button size="small" danger icon={<DeleteOutlined />} data-testid={`ma-plan-${index}-remove`}>
              {t('msf.removePlan')}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Row gutter={12}>
        <Col xs={24} md={6}>
          <Field path={`${at}.code`} label={t('msf.planCode')}>
            <Input value={plan.code} onChange={(e) => set({ code: e.target.value })} data-testid={`ma-plan-${index}-code`} />
          </Field>
        </Col>
        <Col xs={24} md={9}>
          <Field path={`${at}.name.zh`} label={t('msf.nameZh')}>
            <Input value={plan.nameZh} onChange={(e) => set({ nameZh: e.target.value })} />
          </Field>
        </Col>
        <Col xs={24} md={9}>
          <Field path={`${at}.name.en`} label={t('msf.nameEn')}>
            <Input value={plan.nameEn} onChange={(e) => set({ nameEn: e.target.value })} />
          </Field>
        </Col>
        <Col xs={24} md={8}>
          <Field path={`${at}.kind`} label={t('msf.kind')}>
            <Select value={plan.kind} onChange={setKind} options={labelOptions(t, PLAN_KIND_LABELS, PLAN_KINDS)} data-testid={`ma-plan-${index}-kind`} />
          </Field>
        </Col>
        <Col xs={24} md={8}>
          <Field path={`${at}.trigger`} label={t('msf.trigger')}>
            <Select value={plan.trigger} onChange={(trigger) => set({ trigger })} options={labelOptions(t, TRIGGER_LABELS, TRIGGERS).map((o) => ({ ...o, disabled: !KIND_TRIGGERS[plan.kind].includes(o.value) }))} />
          </Field>
        </Col>
        <Col xs={24} md={8}>
          <Field path={`${at}.note`} label={t('msf.note')}>
            <Input value={plan.note} onChange={(e) => set({ note: e.target.value })} />
          </Field>
        </Col>
      </Row>

      <Divider style={{ margin: '4px 0 12px' }} />
      {plan.kind === 'ratio' && <RatioFields plan={plan} at={at} set={set} />}
      {plan.kind === 'lump_sum' && <LumpSumFields plan={plan} at={at} index={index} set={set} />}
      {plan.kind === 'per_diem' && (
        <Field path={`${at}.amountFenPerDay`} label={t('msf.perDay')}>
          <YuanInput value={plan.perDayYuan} onChange={(perDayYuan) => set({ perDayYuan })} testId={`ma-plan-${index}-per-day`} />
        </Field>
      )}
      {plan.kind === 'allowance' && <AllowanceFields plan={plan} at={at} set={set} />}

      <Divider style={{ margin: '4px 0 12px' }} />
      <Row gutter={24}>
        <Col xs={24} lg={12}>
          <Space align="center" style={{ marginBottom: 8 }}>
            <Switch size="small" checked={plan.waiting.enabled} onChange={(enabled) => set({ waiting: { ...plan.waiting, enabled } })} />
            <Typography.Text strong>{t('msf.waiting')}</Typography.Text>
          </Space>
          {plan.waiting.enabled && (
            <Space wrap align="start">
              <Field path={`${at}.waitingPeriod.days`} label={t('msf.waitingDays')}>
                <IntInput value={plan.waiting.days} onChange={(days) => set({ waiting: { ...plan.waiting, days } })} suffix={t('msf.days')} />
              </Field>
              <Field path={`${at}.waitingPeriod.waivedOnContinuousRenewal`} label=" ">
                <Checkbox checked={plan.waiting.waived} onChange={(e) => set({ waiting: { ...plan.waiting, waived: e.target.checked } })}>
                  {t('msf.waived')}
                </Checkbox>
              </Field>
            </Space>
          )}
          <div>
            <Space align="center" style={{ marginBottom: 8 }}>
              <Switch size="small" checked={plan.maxClaims.enabled} onChange={(enabled) => set({ maxClaims: { ...plan.maxClaims, enabled } })} />
              <Typography.Text strong>{t('msf.maxClaims')}</Typography.Text>
            </Space>
          </div>
          {plan.maxClaims.enabled && (
            <Space wrap align="start">
              <Field path={`${at}.maxClaims.scope`} label={t('msf.scope')}>
                <Radio.Group
                  value={plan.maxClaims.scope}
                  onChange={(e) => set({ maxClaims: { ...plan.maxClaims, scope: e.target.value as 'period' | 'lifetime' } })}
                  options={(['period', 'lifetime'] as const).map((s) => ({ value: s, label: t(`msf.countScope.${s}` as MsgKey) }))}
                />
              </Field>
              <Field path={`${at}.maxClaims.count`} label={t('msf.count')}>
                <IntInput value={plan.maxClaims.count} onChange={(count) => set({ maxClaims: { ...plan.maxClaims, count } })} />
              </Field>
            </Space>
          )}
        </Col>
        <Col xs={24} lg={12}>
          <CapsFields caps={plan.caps} at={at} perDiem={plan.kind === 'per_diem'} onChange={(caps) => set({ caps })} />
        </Col>
      </Row>
      <FundingFields funding={plan.funding} at={at} onChange={(funding) => set({ funding })} />
    </Card>
  );
}

function RatioFields({ plan, at, set }: { plan: PlanForm; at: string; set: (p: Partial<PlanForm>) => void }) {
  const t = useT();
  const readOnly = useReadOnly();
  const setVariant = (i: number, v: VariantForm) => set({ variants: replaceAt(plan.variants, i, v) });
  return (
    <>
      <Row gutter={12}>
        <Col xs={24} md={10}>
          <Field path={`${at}.base`} label={t('msf.base')}>
            <Select value={plan.base} onChange={(base) => set({ base })} options={labelOptions(t, RATIO_BASE_LABELS, RATIO_BASES)} />
          </Field>
        </Col>
        <Col xs={24} md={6}>
          <Field path={`${at}.bandScope`} label={t('msf.bandScope')}>
            <Select value={plan.bandScope} onChange={(bandScope) => set({ bandScope })} options={(['claim', 'period'] as const).map((s) => ({ value: s, label: t(`msf.bandScope.${s}` as MsgKey) }))} />
          </Field>
        </Col>
        <Col xs={24} md={8}>
          <Space align="center" style={{ marginBottom: 8 }}>
            <Switch size="small" checked={plan.threshold.enabled} onChange={(enabled) => set({ threshold: { ...plan.threshold, enabled } })} data-testid="ma-plan-threshold" />
            <Typography.Text strong>{t('msf.threshold')}</Typography.Text>
          </Space>
          {plan.threshold.enabled && (
            <Space align="start" wrap>
              <Select
                value={plan.threshold.scope}
                onChange={(scope) => set({ threshold: { ...plan.threshold, scope } })}
                options={(['claim', 'period'] as const).map((s) => ({ value: s, label: t.label(CAP_SCOPE_LABELS[s]) }))}
                style={{ width: 90 }}
              />
              <Field path={`${at}.threshold.amountFen`}>
                <YuanInput value={plan.threshold.amountYuan} onChange={(amountYuan) => set({ threshold: { ...plan.threshold, amountYuan } })} style={{ width: 160 }} />
              </Field>
            </Space>
          )}
        </Col>
      </Row>
      <Typography.Text strong>{t('msf.variants')}</Typography.Text>
      <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
        {t('msf.bandsHint')}
      </Typography.Text>
      <GroupIssues path={`${at}.ratio`} />
      <Row gutter={12} style={{ marginTop: 8 }}>
        {plan.variants.map((v, i) => (
          <Col xs={24} md={12} key={v.key}>
            <VariantFields variant={v} at={`${at}.ratio.${i}`} onChange={(x) => setVariant(i, x)} onRemove={plan.variants.length > 1 ? () => set({ variants: removeAt(plan.variants, i) }) : undefined} />
          </Col>
        ))}
      </Row>
      {!readOnly && plan.variants.length < 3 && (
        <Button size="small" icon={<PlusOutlined />} onClick={() => set({ variants: [...plan.variants, emptyVariant(STATUS_SELECTORS.find((s) => !plan.variants.some((v) => v.memberStatus === s)) ?? 'any')] })} style={{ marginBottom: 12 }}>
          {t('msf.addVariant')}
        </Button>
      )}
    </>
  );
}

function VariantFields({ variant, at, onChange, onRemove }: { variant: VariantForm; at: string; onChange: (v: VariantForm) => void; onRemove?: () => void }) {
  const t = useT();
  const readOnly = useReadOnly();
  const setBand = (j: number, patch: Partial<BandForm>) => onChange({ ...variant, bands: replaceAt(variant.bands, j, { ...variant.bands[j]!, ...patch }) });
  return (
    <Card size="small" type="inner" style={{ marginBottom: 12 }} title={<Select value={variant.memberStatus} onChange={(memberStatus) => onChange({ ...variant, memberStatus })} options={labelOptions(t, MEMBER_STATUS_LABELS, STATUS_SELECTORS)} style={{ width: 160 }} variant="borderless" />} extra={onRemove && <RemoveButton onClick={onRemove} />}>
      <GroupIssues path={`${at}.bands`} />
      <Table<BandForm>
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={variant.bands}
        columns={[
          {
            title: t('msf.bandFrom'),
            render: (_x, b, j) => (
              <Field path={`${at}.bands.${j}.fromFen`} style={{ marginBottom: 0 }}>
                <YuanInput value={b.fromYuan} onChange={(fromYuan) => setBand(j, { fromYuan })} />
              </Field>
            ),
          },
          {
            title: t('msf.bandRate'),
            render: (_x, b, j) => (
              <Field path={`${at}.bands.${j}.rateBp`} style={{ marginBottom: 0 }}>
                <PercentInput value={b.ratePct} onChange={(ratePct) => setBand(j, { ratePct })} />
              </Field>
            ),
          },
          { width: 40, render: (_x, _b, j) => variant.bands.length > 1 && <RemoveButton onClick={() => onChange({ ...variant, bands: removeAt(variant.bands, j) })} /> },
        ]}
      />
      {!readOnly && (
        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => onChange({ ...variant, bands: [...variant.bands, emptyBand()] })} style={{ marginTop: 8 }}>
          {t('msf.addBand')}
        </Button>
      )}
    </Card>
  );
}

function LumpSumFields({ plan, at, index, set }: { plan: PlanForm; at: string; index: number; set: (p: Partial<PlanForm>) => void }) {
  const t = useT();
  const readOnly = useReadOnly();
  const setDiag = (j: number, patch: Partial<DiagnosisForm>) => set({ diagnoses: replaceAt(plan.diagnoses, j, { ...plan.diagnoses[j]!, ...patch }) });
  return (
    <>
      <Field path={`${at}.amountFen`} label={t('msf.lumpAmount')}>
        <YuanInput value={plan.amountYuan} onChange={(amountYuan) => set({ amountYuan })} testId={`ma-plan-${index}-amount`} />
      </Field>
      <Typography.Text strong>{t('msf.diagnoses')}</Typography.Text>
      <GroupIssues path={`${at}.diagnoses`} />
      <Table<DiagnosisForm>
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={plan.diagnoses}
        scroll={{ x: 760 }}
        columns={[
          {
            title: t('msf.diagCode'),
            width: 110,
            render: (_x, d, j) => (
              <Field path={`${at}.diagnoses.${j}.code`} style={{ marginBottom: 0 }}>
                <Input value={d.code} onChange={(e) => setDiag(j, { code: e.target.value })} />
              </Field>
            ),
          },
          {
            title: t('msf.nameZh'),
            render: (_x, d, j) => (
              <Field path={`${at}.diagnoses.${j}.name.zh`} style={{ marginBottom: 0 }}>
                <Input value={d.nameZh} onChange={(e) => setDiag(j, { nameZh: e.target.value })} />
              </Field>
            ),
          },
          {
            title: t('msf.nameEn'),
            render: (_x, d, j) => (
              <Field path={`${at}.diagnoses.${j}.name.en`} style={{ marginBottom: 0 }}>
                <Input value={d.nameEn} onChange={(e) => setDiag(j, { nameEn: e.target.value })} />
              </Field>
            ),
          },
          {
            title: t('msf.icd10'),
            width: 240,
            render: (_x, d, j) => (
              <Field path={[`${at}.diagnoses.${j}.icd10`, ...d.icd10.map((_e, k) => `${at}.diagnoses.${j}.icd10.${k}`)]} style={{ marginBottom: 0 }}>
                <Select mode="tags" value={d.icd10} onChange={(icd10: string[]) => setDiag(j, { icd10: icd10.map((x) => x.trim().toUpperCase()) })} tokenSeparators={[',', '，', ' ']} open={false} placeholder={t('msf.icd10Placeholder')} />
              </Field>
            ),
          },
          { width: 40, render: (_x, _d, j) => plan.diagnoses.length > 1 && <RemoveButton onClick={() => set({ diagnoses: removeAt(plan.diagnoses, j) })} /> },
        ]}
      />
      {!readOnly && (
        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => set({ diagnoses: [...plan.diagnoses, emptyDiagnosis()] })} style={{ margin: '8px 0 12px' }}>
          {t('msf.addDiagnosis')}
        </Button>
      )}
    </>
  );
}

function AllowanceFields({ plan, at, set }: { plan: PlanForm; at: string; set: (p: Partial<PlanForm>) => void }) {
  const t = useT();
  return (
    <Row gutter={12}>
      <Col xs={24} md={8}>
        <Field path={`${at}.amountFen`} label={t('msf.allowanceAmount')}>
          <YuanInput value={plan.allowanceYuan} onChange={(allowanceYuan) => set({ allowanceYuan })} />
        </Field>
      </Col>
      <Col xs={24} md={16}>
        <Field path={`${at}.eligibleStatuses`} label={t('msf.eligibleStatuses')}>
          <Checkbox.Group value={plan.eligibleStatuses} onChange={(v) => set({ eligibleStatuses: MEMBER_STATUSES.filter((s) => (v as MemberStatus[]).includes(s)) })} options={labelOptions(t, MEMBER_STATUS_LABELS, MEMBER_STATUSES)} />
        </Field>
      </Col>
      <Col xs={24} md={12}>
        <Field path={`${at}.eligibility.zh`} label={t('msf.eligibilityZh')}>
          <Input.TextArea value={plan.eligibilityZh} onChange={(e) => set({ eligibilityZh: e.target.value })} autoSize={{ minRows: 1, maxRows: 4 }} />
        </Field>
      </Col>
      <Col xs={24} md={12}>
        <Field path={`${at}.eligibility.en`} label={t('msf.eligibilityEn')}>
          <Input.TextArea value={plan.eligibilityEn} onChange={(e) => set({ eligibilityEn: e.target.value })} autoSize={{ minRows: 1, maxRows: 4 }} />
        </Field>
      </Col>
      <Col xs={24}>
        <Space align="center" style={{ marginBottom: 8 }}>
          <Switch size="small" checked={plan.restricted.enabled} onChange={(enabled) => set({ restricted: { ...plan.restricted, enabled } })} />
          <Typography.Text strong>{t('msf.restricted')}</Typography.Text>
        </Space>
      </Col>
      {plan.restricted.enabled && (
        <>
          <Col xs={24} md={12}>
            <Field path={`${at}.restrictedUse.zh`} label={t('msf.restrictedZh')}>
              <Input value={plan.restricted.zh} onChange={(e) => set({ restricted: { ...plan.restricted, zh: e.target.value } })} />
            </Field>
          </Col>
          <Col xs={24} md={12}>
            <Field path={`${at}.restrictedUse.en`} label={t('msf.restrictedEn')}>
              <Input value={plan.restricted.en} onChange={(e) => set({ restricted: { ...plan.restricted, en: e.target.value } })} />
            </Field>
          </Col>
        </>
      )}
    </Row>
  );
}

function CapsFields({ caps, at, perDiem, onChange }: { caps: CapForm[]; at: string; perDiem: boolean; onChange: (c: CapForm[]) => void }) {
  const t = useT();
  const readOnly = useReadOnly();
  const setCap = (i: number, patch: Partial<CapForm>) => onChange(replaceAt(caps, i, { ...caps[i]!, ...patch }));
  return (
    <>
      <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
        {t('msf.caps')}
      </Typography.Text>
      {caps.map((c, i) => (
        <div key={c.key} data-path={`${at}.caps.${i}`}>
          <Space align="start" wrap>
            <Select value={c.scope} onChange={(scope) => setCap(i, { scope })} options={labelOptions(t, CAP_SCOPE_LABELS, CAP_SCOPES)} style={{ width: 90 }} />
            {(perDiem || c.unit === 'days') && (
              <Radio.Group
                value={c.unit}
                onChange={(e) => setCap(i, { unit: e.target.value as CapForm['unit'] })}
                optionType="button"
                size="small"
                options={(['amount', 'days'] as const).map((u) => ({ value: u, label: t(`msf.capUnit.${u}` as MsgKey) }))}
              />
            )}
            {c.unit === 'amount' ? (
              <Field path={`${at}.caps.${i}.amountFen`}>
                <YuanInput value={c.amountYuan} onChange={(amountYuan) => setCap(i, { amountYuan })} style={{ width: 160 }} />
              </Field>
            ) : (
              <Field path={`${at}.caps.${i}.days`}>
                <IntInput value={c.days} onChange={(days) => setCap(i, { days })} suffix={t('msf.days')} />
              </Field>
            )}
            <RemoveButton onClick={() => onChange(removeAt(caps, i))} />
          </Space>
          <GroupIssues path={`${at}.caps.${i}`} />
        </div>
      ))}
      <GroupIssues path={`${at}.caps`} />
      {!readOnly && caps.length < 6 && (
        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => onChange([...caps, emptyCap()])} style={{ marginBottom: 12 }}>
          {t('msf.addCap')}
        </Button>
      )}
    </>
  );
}

function FundingFields({ funding, at, onChange }: { funding: FundingForm[]; at: string; onChange: (f: FundingForm[]) => void }) {
  const t = useT();
  const readOnly = useReadOnly();
  const setShare = (i: number, patch: Partial<FundingForm>) => onChange(replaceAt(funding, i, { ...funding[i]!, ...patch }));
  // the total in basis points, exactly (shares that are not yet percentages are left out)
  const totalBp = funding.reduce((s, f) => s + (decimalToScaled(f.sharePct, 2) ?? 0), 0);
  return (
    <>
      <Divider style={{ margin: '4px 0 12px' }} />
      <Space align="baseline">
        <Typography.Text strong>{t('msf.funding')}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {funding.length ? t('msf.shareTotal', { pct: scaledToDecimal(totalBp, 2) }) : t('msf.fundingHint')}
        </Typography.Text>
      </Space>
      <GroupIssues path={`${at}.funding`} />
      <Space wrap style={{ marginTop: 8 }}>
        {funding.map((f, i) => (
          <Space key={f.key} align="start">
            <Select value={f.payer} onChange={(payer) => setShare(i, { payer })} options={labelOptions(t, PAYER_LABELS, PAYERS)} style={{ width: 140 }} />
            <Field path={`${at}.funding.${i}.shareBp`}>
              <PercentInput value={f.sharePct} onChange={(sharePct) => setShare(i, { sharePct })} />
            </Field>
            <RemoveButton onClick={() => onChange(removeAt(funding, i))} />
          </Space>
        ))}
        {!readOnly && funding.length < PAYERS.length && (
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => onChange([...funding, emptyFunding(PAYERS.find((p) => !funding.some((f) => f.payer === p)) ?? 'worker')])} style={{ marginBottom: 12 }}>
            {t('msf.addShare')}
          </Button>
        )}
      </Space>
    </>
  );
}
