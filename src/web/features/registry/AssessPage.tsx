import { CalculatorOutlined, SettingOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Form, InputNumber, Row, Spin, Switch, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { Permission } from '../../../contracts/auth';
import type { AssessBody } from '../../../contracts/registry';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { useDebounced } from '../../ui/useDebounced';
import { assess, registryKeys } from './api';
import { IdentificationResult } from './IdentificationResult';
import { RegionSelect, useActorRegion, useRegionNames, yuanRule, YuanInput } from './inputs';
import { currentYear, yuanTextToFen } from './numbers';

interface Values {
  regionCode?: string;
  year?: number | null;
  receivesDibao?: boolean;
  size?: number | null;
  income?: string;
  rigid?: string;
}

/** The request the values make, or null while any of them is missing or invalid. */
export function assessBodyOf(v: Values): AssessBody | null {
  if (!v.regionCode || !/^\d{6}$/.test(v.regionCode)) return null;
  if (!v.year || !Number.isInteger(v.year) || v.year < 2000 || v.year > 2100) return null;
  if (!v.size || !Number.isInteger(v.size) || v.size < 1 || v.size > 30) return null;
  const annualIncomeFen = yuanTextToFen(v.income);
  const annualRigidSpendingFen = yuanTextToFen(v.rigid);
  if (annualIncomeFen === null || annualRigidSpendingFen === null) return null;
  return { regionCode: v.regionCode, year: v.year, receivesDibao: !!v.receivesDibao, size: v.size, annualIncomeFen, annualRigidSpendingFen };
}

/** Answers of the pre-screen for a body (debounced by the caller); saves nothing. */
export function useAssess(body: AssessBody | null) {
  return useQuery({
    queryKey: registryKeys.assess(body),
    queryFn: () => assess(body!),
    enabled: !!body,
    meta: { quiet: true },
    retry: false,
    staleTime: 60_000,
    placeholderData: (prev) => prev,
  });
}

/** The pre-screen's failure: a missing dibao line (with a way to set one) or any other error. */
export function AssessError({ error }: { error: unknown }) {
  const t = useT();
  const { can } = useAuth();
  const missing = isApiError(error) && error.code === 'DIBAO_LINE_MISSING';
  return (
    <Alert
      type={missing ? 'warning' : 'error'}
      showIcon
      title={missing ? t('assess.lineMissing') : t('assess.failed')}
      description={
        <>
          <div>{error instanceof Error ? error.message : String(error)}</div>
          {missing && can(Permission.RegistryConfigure) && (
            <Link to="/registry/dibao-lines">
              <SettingOutlined /> {t('assess.setLine')}
            </Link>
          )}
        </>
      }
      data-testid="assess-error"
    />
  );
}

export default function AssessPage() {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const home = useActorRegion();
  const names = useRegionNames();
  const values = Form.useWatch([], form) as Values | undefined;
  const body = useMemo(() => (values ? assessBodyOf(values) : null), [values]);
  const debounced = useDebounced(body, 350);
  const result = useAssess(debounced);
  const waiting = !!body && JSON.stringify(body) !== JSON.stringify(debounced);

  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Card
          title={
            <span>
              <CalculatorOutlined /> {t('assess.title')}
            </span>
          }
        >
          <Typography.Paragraph type="secondary">{t('assess.intro')}</Typography.Paragraph>
          <Form<Values>
            form={form}
            layout="vertical"
            initialValues={{ regionCode: home.length === 6 ? home : undefined, year: currentYear(), receivesDibao: false, size: 3, income: '', rigid: '' }}
            data-testid="assess-form"
          >
            <Form.Item name="regionCode" label={t('assess.region')} rules={[{ required: true, message: t('common.selectRequired', { field: t('assess.region') }) }]}>
              <RegionSelect countyOnly id="assess-region" data-testid="assess-region" />
            </Form.Item>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="year" label={t('assess.year')} rules={[{ required: true, type: 'integer', min: 2000, max: 2100, message: t('assess.yearInvalid') }]}>
                  <InputNumber id="assess-year" min={2000} max={2100} precision={0} style={{ width: '100%' }} data-testid="assess-year" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="size" label={t('assess.size')} rules={[{ required: true, type: 'integer', min: 1, max: 30, message: t('assess.sizeInvalid') }]}>
                  <InputNumber id="assess-size" min={1} max={30} precision={0} style={{ width: '100%' }} suffix={t('unit.people')} data-testid="assess-size" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="receivesDibao" label={t('assess.receivesDibao')} valuePropName="checked" extra={t('assess.receivesDibaoHint')}>
              <Switch id="assess-dibao" checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} data-testid="assess-dibao" />
            </Form.Item>
            <Form.Item name="income" label={t('assess.income')} rules={[yuanRule(t)]} extra={t('assess.incomeHint')}>
              <YuanInput id="assess-income" data-testid="assess-income" />
            </Form.Item>
            <Form.Item name="rigid" label={t('assess.rigid')} rules={[yuanRule(t)]} extra={t('assess.rigidHint')}>
              <YuanInput id="assess-rigid" data-testid="assess-rigid" />
            </Form.Item>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card
          title={t('assess.result')}
          extra={(result.isFetching || waiting) && <Spin size="small" />}
          data-testid="assess-result"
        >
          {!body ? (
            <Empty description={t('assess.fillIn')} />
          ) : result.isError ? (
            <AssessError error={result.error} />
          ) : result.data ? (
            <IdentificationResult r={result.data} regionName={names.get(result.data.lineRegionCode)} />
          ) : (
            <div style={{ padding: 40, textAlign: 'center' }}>
              <Spin />
            </div>
          )}
          <Alert type="info" showIcon style={{ marginTop: 20 }} title={t('assess.ruleTitle')} description={<RuleText />} />
          <div style={{ marginTop: 12, textAlign: 'right' }}>
            <Link to="/registry/dibao-lines">
              <SettingOutlined /> {t('menu.registry.lines')}
            </Link>
          </div>
        </Card>
      </Col>
    </Row>
  );
}

function RuleText() {
  const t = useT();
  return (
    <ol style={{ margin: 0, paddingInlineStart: 18 }}>
      <li>{t('assess.rule1')}</li>
      <li>{t('assess.rule2')}</li>
      <li>{t('assess.rule3')}</li>
      <li>{t('assess.rule4')}</li>
      <li>{t('assess.rule5')}</li>
    </ol>
  );
}
