import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { ICD10_CODE } from '../../../contracts/mutual-aid-claims';
import { PLAN_KIND_LABELS } from '../../../contracts/mutual-aid';
import { isApiError } from '../../app/api';
import { useT } from '../../app/i18n';
import { applyFormError } from '../../ui/feedback';
import { formatFen, parseYuanToFen } from '../../ui/format';
import { useDebounced } from '../../ui/useDebounced';
import { useSchemes } from './api';
import { type ClaimIntakeInput, intakeClaim, useClaimMembers, useClaimUnits } from './claims.api';

interface Values {
  unitId?: string;
  memberId?: string;
  planCode?: string;
  hospital?: string;
  admissionDate?: Dayjs | null;
  dischargeDate?: Dayjs | null;
  eventDate?: Dayjs | null;
  hospitalDays?: number | null;
  diagnosis?: string;
  diagnosisIcd10?: string;
  totalCost?: string;
  insurancePaid?: string;
  billNumber?: string;
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);
const FORM_FIELDS = ['memberId', 'planCode', 'eventDate', 'hospital', 'admissionDate', 'dischargeDate', 'hospitalDays', 'diagnosis', 'diagnosisIcd10', 'totalCost', 'insurancePaid', 'billNumber'] as const;
const RENAME: Record<string, string> = { totalCostFen: 'totalCost', insurancePaidFen: 'insurancePaid' };

/** The request from the form (amounts typed in yuan become integer fen; empty fields are left out). */
export function intakeBodyOf(v: Values): ClaimIntakeInput | null {
  if (!v.memberId || !v.planCode) return null;
  const total = v.totalCost?.trim() ? parseYuanToFen(v.totalCost) : null;
  const ins = v.insurancePaid?.trim() ? parseYuanToFen(v.insurancePaid) : null;
  const body: ClaimIntakeInput = { memberId: v.memberId, planCode: v.planCode };
  const set = <K extends keyof ClaimIntakeInput>(k: K, x: ClaimIntakeInput[K] | null | undefined) => {
    if (x !== null && x !== undefined && x !== '') body[k] = x;
  };
  set('eventDate', day(v.eventDate));
  set('admissionDate', day(v.admissionDate));
  set('dischargeDate', day(v.dischargeDate));
  set('hospitalDays', v.hospitalDays);
  set('hospital', v.hospital?.trim());
  set('diagnosis', v.diagnosis?.trim());
  set('diagnosisIcd10', v.diagnosisIcd10?.trim().toUpperCase());
  set('totalCostFen', total);
  set('insurancePaidFen', ins);
  set('billNumber', v.billNumber?.trim());
  return body;
}

/** 受理: unit → member → plan, then the bill; checked as it is typed; submitted, the claim is adjudicated at once. */
export default function ClaimIntakePage() {
  const t = useT();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [unitQ, setUnitQ] = useState('');
  const [memberQ, setMemberQ] = useState('');
  const units = useClaimUnits(useDebounced(unitQ.trim(), 300));
  const unitId = Form.useWatch('unitId', form);
  const memberId = Form.useWatch('memberId', form);
  const planCode = Form.useWatch('planCode', form);
  const admission = Form.useWatch('admissionDate', form);
  const discharge = Form.useWatch('dischargeDate', form);
  const totalText = Form.useWatch('totalCost', form);
  const insText = Form.useWatch('insurancePaid', form);
  const members = useClaimMembers(unitId, useDebounced(memberQ.trim(), 300));
  const schemes = useSchemes();
  const member = members.data?.find((m) => m.id === memberId);
  const schemeCode = units.data?.find((u) => u.id === unitId)?.schemeCode ?? member?.schemeCode;
  const scheme = schemes.data?.items.find((s) => s.code === schemeCode);
  const kind = scheme?.plans.find((p) => p.code === planCode)?.kind;
  const submit = useMutation({
    meta: { quiet: true },
    mutationFn: intakeClaim,
    onSuccess: (c) => navigate(`/mutual-aid/claims/${c.id}`),
    onError: (e) => {
      if (isApiError(e) && e.code === 'DUPLICATE_BILL') {
        form.setFields([{ name: 'billNumber', errors: [e.message] }]);
        return;
      }
      // the server names fields in fen; the form has them in yuan
      if (isApiError(e) && Array.isArray(e.details)) {
        const names = (e.details as Array<{ path?: string }>).map((d) => (d.path ? (RENAME[d.path] ?? d.path) : '')).filter((n): n is keyof Values => (FORM_FIELDS as readonly string[]).includes(n));
        if (names.length) {
          form.setFields([...new Set(names)].map((name) => ({ name, errors: [e.message] })));
          return;
        }
      }
      applyFormError(form, e, FORM_FIELDS);
    },
  });

  const planOptions = useMemo(() => {
    const byCode = new Map<string, { paid: boolean; periods: string[] }>();
    for (const p of member?.plans ?? []) {
      const x = byCode.get(p.planCode) ?? { paid: false, periods: [] };
      x.paid = x.paid || p.paid;
      x.periods.push(`${p.validFrom}~${p.validTo}${p.paid ? '' : ' ✗'}`);
      byCode.set(p.planCode, x);
    }
    return [...byCode.entries()].map(([code, x]) => {
      const plan = scheme?.plans.find((p) => p.code === code);
      return { value: code, label: `${plan ? t.label(plan.name) : code}${plan ? ` · ${t.label(PLAN_KIND_LABELS[plan.kind])}` : ''}（${x.periods.join('，')}）${x.paid ? '' : t('mac.intake.planUnpaid')}` };
    });
  }, [member, scheme, t]);

  const total = totalText?.trim() ? parseYuanToFen(totalText) : null;
  const ins = insText?.trim() ? parseYuanToFen(insText) : null;
  const derivedDays = admission && discharge && !discharge.isBefore(admission) ? Math.max(1, discharge.startOf('day').diff(admission.startOf('day'), 'day')) : null;
  const needsBill = kind === 'ratio';
  const needsDays = kind === 'per_diem';
  const needsDiagnosis = kind === 'lump_sum';
  const amountRule = { validator: (_: unknown, v?: string) => (!v?.trim() || parseYuanToFen(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('mac.intake.amountBad')))) };

  return (
    <Card title={t('mac.intake.title')} style={{ maxWidth: 980 }}>
      <Typography.Paragraph type="secondary">{t('mac.intake.hint')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => {
          const body = intakeBodyOf(v);
          if (body) submit.mutate(body);
        }}
        onValuesChange={(changed: Partial<Values>) => {
          if ('unitId' in changed) form.setFieldsValue({ memberId: undefined, planCode: undefined });
          if ('memberId' in changed) form.setFieldValue('planCode', undefined);
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="unitId" label={t('mac.intake.unit')} rules={[{ required: true, message: t('common.selectRequired', { field: t('mac.intake.unit') }) }]}>
              <Select showSearch={{ filterOption: false, onSearch: setUnitQ }} loading={units.isFetching} options={(units.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.schemeCode}）` }))} data-testid="intake-unit" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="memberId" label={t('mac.intake.member')} rules={[{ required: true, message: t('common.selectRequired', { field: t('mac.intake.member') }) }]}>
              <Select showSearch={{ filterOption: false, onSearch: setMemberQ }} disabled={!unitId} loading={members.isFetching} options={(members.data ?? []).map((m) => ({ value: m.id, label: `${m.name} ${m.idNumber ?? ''}` }))} data-testid="intake-member" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="planCode"
              label={t('mac.intake.plan')}
              rules={[{ required: true, message: t('common.selectRequired', { field: t('mac.intake.plan') }) }]}
              extra={member && member.plans.length === 0 ? t('mac.intake.noPlans') : undefined}
            >
              <Select disabled={!member} options={planOptions} data-testid="intake-plan" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="hospital" label={t('mac.intake.hospital')}>
              <Input maxLength={100} data-testid="intake-hospital" />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item name="admissionDate" label={t('mac.intake.admission')} dependencies={['eventDate']} rules={[({ getFieldValue }) => ({ validator: (_, v) => (v || getFieldValue('eventDate') ? Promise.resolve() : Promise.reject(new Error(t('mac.intake.needDate')))) })]}>
              <DatePicker style={{ width: '100%' }} data-testid="intake-admission" />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item
              name="dischargeDate"
              label={t('mac.intake.discharge')}
              dependencies={['admissionDate']}
              rules={[({ getFieldValue }) => ({ validator: (_, v?: Dayjs | null) => (!v || !getFieldValue('admissionDate') || !v.isBefore(getFieldValue('admissionDate'), 'day') ? Promise.resolve() : Promise.reject(new Error(t('mac.intake.dischargeBeforeAdmission')))) })]}
            >
              <DatePicker style={{ width: '100%' }} data-testid="intake-discharge" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="eventDate" label={t('mac.intake.eventDate')} extra={t('mac.intake.eventDateHint')} rules={[{ required: needsDiagnosis && !admission, message: t('mac.intake.needDate') }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} data-testid="intake-event-date" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={12} md={4}>
            <Form.Item name="hospitalDays" label={t('mac.intake.days')} extra={derivedDays !== null ? t('mac.intake.daysHint', { days: derivedDays }) : undefined} rules={[{ required: needsDays && derivedDays === null, message: t('common.required', { field: t('mac.intake.days') }) }]}>
              <InputNumber min={0} max={3660} precision={0} style={{ width: '100%' }} data-testid="intake-days" />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="diagnosis" label={t('mac.intake.diagnosis')}>
              <Input maxLength={100} data-testid="intake-diagnosis" />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item
              name="diagnosisIcd10"
              label={t('mac.intake.icd10')}
              normalize={(v?: string) => v?.toUpperCase()}
              rules={[
                { required: needsDiagnosis, message: t('common.required', { field: t('mac.intake.icd10') }) },
                { validator: (_, v?: string) => (!v?.trim() || ICD10_CODE.test(v.trim().toUpperCase()) ? Promise.resolve() : Promise.reject(new Error(t('mac.intake.icd10Bad')))) },
              ]}
            >
              <Input maxLength={10} placeholder="C34.1" data-testid="intake-icd10" />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="billNumber" label={t('mac.intake.bill')} dependencies={['hospital']} rules={[({ getFieldValue }) => ({ validator: (_, v?: string) => (!v?.trim() || getFieldValue('hospital')?.trim() ? Promise.resolve() : Promise.reject(new Error(t('mac.intake.billNeedsHospital')))) })]}>
              <Input maxLength={64} data-testid="intake-bill" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item name="totalCost" label={t('mac.intake.total')} rules={[{ required: needsBill, message: t('common.required', { field: t('mac.intake.total') }) }, amountRule]}>
              <Input inputMode="decimal" placeholder="991600.00" data-testid="intake-total" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="insurancePaid"
              label={t('mac.intake.insurance')}
              dependencies={['totalCost']}
              rules={[
                { required: needsBill, message: t('common.required', { field: t('mac.intake.insurance') }) },
                amountRule,
                ({ getFieldValue }) => ({
                  validator: (_, v?: string) => {
                    const tot = getFieldValue('totalCost')?.trim() ? parseYuanToFen(getFieldValue('totalCost')) : null;
                    const x = v?.trim() ? parseYuanToFen(v) : null;
                    return x === null || tot === null || x <= tot ? Promise.resolve() : Promise.reject(new Error(t('mac.intake.insuranceTooHigh')));
                  },
                }),
              ]}
              extra={total !== null && ins !== null && ins <= total ? t('mac.intake.oop', { amount: formatFen(total - ins, { symbol: false }) }) : undefined}
            >
              <Input inputMode="decimal" placeholder="864400.00" data-testid="intake-insurance" />
            </Form.Item>
          </Col>
        </Row>
        {submit.isError && !isApiError(submit.error) && <Alert type="error" title={String(submit.error)} style={{ marginBottom: 12 }} />}
        <Space>
          <Button type="primary" htmlType="submit" loading={submit.isPending} data-testid="intake-submit">
            {t('mac.intake.submit')}
          </Button>
          <Button onClick={() => navigate('/mutual-aid/claims')}>{t('common.back')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
