import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, Divider, Form, Input, InputNumber, Radio, Row, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { STRATIFY_BY, STRATIFY_LABELS, type DrawBody, type StratifyBy } from '../../../contracts/oversight';
import { HOUSEHOLD_STATUSES, STATUS_LABELS, type HouseholdStatus } from '../../../contracts/registry';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { useDebounced } from '../../ui/useDebounced';
import { OrgTreeSelect } from '../orgs/OrgTreeSelect';
import { drawSpotCheck, oversightKeys, randomSeed, searchInvestigators } from './api';

interface Values {
  title: string;
  orgId?: string;
  regionCode?: string;
  statuses: HouseholdStatus[];
  percent?: number | null;
  count?: number | null;
  stratifyBy: StratifyBy;
  minPerStratum: boolean;
  perEdit?: number | null;
  investigatorUserId?: string;
  investigatorFactor?: number | null;
  largeAidYuan?: number | null;
  largeAidFactor?: number | null;
  seed: string;
}

function InvestigatorSelect({ value, onChange }: { value?: string; onChange?: (v: string | undefined) => void }) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const users = useQuery({ queryKey: oversightKeys.investigators(q), queryFn: () => searchInvestigators(q) });
  const options = useMemo(() => (users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username} · ${u.orgName}）` })), [users.data]);
  return (
    <Select
      id="draw-investigator"
      data-testid="draw-investigator"
      value={value}
      onChange={onChange}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={users.isLoading}
      options={options}
    />
  );
}

export default function DrawPage() {
  const t = useT();
  const { me } = useAuth();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const signedBy = (params.get('signedBy') ?? '').split(',').filter((x) => /^[0-9a-f-]{36}$/.test(x));
  const followUp = params.get('followUp') ?? undefined;
  const [form] = Form.useForm<Values>();
  const draw = useMutation({
    meta: { quiet: true },
    mutationFn: (v: Values) => {
      const body: DrawBody = {
        title: v.title,
        orgId: v.orgId!,
        regionCode: v.regionCode?.trim() || undefined,
        statuses: v.statuses,
        percentBp: v.percent ? Math.round(v.percent * 100) : undefined,
        count: v.count ?? undefined,
        stratifyBy: v.stratifyBy,
        minPerStratum: v.minPerStratum,
        weights: {
          ...(v.perEdit ? { perEdit: v.perEdit } : {}),
          ...(v.investigatorUserId ? { investigatorUserId: v.investigatorUserId, investigatorFactor: v.investigatorFactor ?? 5 } : {}),
          ...(v.largeAidYuan ? { largeAidThresholdFen: Math.round(v.largeAidYuan * 100), largeAidFactor: v.largeAidFactor ?? 2 } : {}),
        },
        seed: v.seed.trim(),
        ...(signedBy.length ? { signedBy } : {}),
        ...(followUp ? { followUpOfItemId: followUp } : {}),
      };
      return drawSpotCheck(body);
    },
    onSuccess: (r) => {
      toast()?.success(t('ov.draw.drawn', { count: r.sampleCount }));
      void qc.invalidateQueries({ queryKey: oversightKeys.all });
      navigate(`/oversight/spot-checks/${r.id}`);
    },
    onError: (e) => {
      const d = (e as { details?: Array<{ path?: string }> }).details;
      if (Array.isArray(d)) for (const x of d) if (x.path === 'percentBp') x.path = 'percent';
      applyFormError(form, e, ['title', 'orgId', 'regionCode', 'statuses', 'percent', 'count', 'seed']);
    },
  });

  return (
    <Card title={t('ov.draw.title')} style={{ maxWidth: 880 }}>
      {(signedBy.length > 0 || followUp) && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('ov.draw.followUp')} description={`${t('ov.draw.signedBy')}: ${signedBy.length}`} />}
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="draw-form"
        initialValues={{ title: '', orgId: me.org.id, statuses: ['approved'], percent: signedBy.length ? 100 : 5, stratifyBy: signedBy.length ? 'none' : 'org', minPerStratum: false, seed: randomSeed(), investigatorFactor: 5, largeAidFactor: 2 }}
        onFinish={(v) => draw.mutate(v)}
      >
        <Form.Item name="title" label={t('ov.draw.name')} rules={[{ required: true, whitespace: true, max: 100, message: t('common.required', { field: t('ov.draw.name') }) }]}>
          <Input id="draw-title" data-testid="draw-title" placeholder={t('ov.draw.namePh')} maxLength={100} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={14}>
            <Form.Item name="orgId" label={t('ov.draw.org')} rules={[{ required: true, message: t('common.selectRequired', { field: t('ov.draw.org') }) }]}>
              <OrgTreeSelect id="draw-org" data-testid="draw-org" withinPath={me.scope.orgPath} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="regionCode" label={t('ov.draw.region')} rules={[{ pattern: /^\d{2,6}$/, message: '2–6 digits' }]}>
              <Input id="draw-region" data-testid="draw-region" maxLength={6} inputMode="numeric" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="statuses" label={t('ov.draw.statuses')} rules={[{ required: true, type: 'array', min: 1, message: t('common.selectRequired', { field: t('ov.draw.statuses') }) }]}>
          <Select id="draw-statuses" mode="multiple" data-testid="draw-statuses" options={HOUSEHOLD_STATUSES.map((s) => ({ value: s, label: t.label(STATUS_LABELS[s]) }))} />
        </Form.Item>
        <Typography.Text strong>{t('ov.draw.size')}</Typography.Text>
        <Row gutter={12} style={{ marginTop: 8 }}>
          <Col xs={12} md={8}>
            <Form.Item name="percent" label={t('ov.draw.percent')} dependencies={['count']} rules={[({ getFieldValue }) => ({ validator: (_r, v) => (v || getFieldValue('count') ? Promise.resolve() : Promise.reject(new Error(t('ov.draw.sizeRequired')))) })]}>
              <InputNumber id="draw-percent" data-testid="draw-percent" min={0.01} max={100} step={1} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="count" label={t('ov.draw.count')}>
              <InputNumber id="draw-count" data-testid="draw-count" min={1} max={10000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
          {t('ov.draw.sizeHint')}
        </Typography.Paragraph>
        <Row gutter={12}>
          <Col xs={24} md={14}>
            <Form.Item name="stratifyBy" label={t('ov.draw.stratify')}>
              <Radio.Group data-testid="draw-stratify" options={STRATIFY_BY.map((s) => ({ value: s, label: t.label(STRATIFY_LABELS[s]) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="minPerStratum" valuePropName="checked" label=" ">
              <Checkbox data-testid="draw-min-per-stratum">{t('ov.draw.minPerStratum')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        <Divider plain>
          {t('ov.draw.weights')}
        </Divider>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="perEdit" label={t('ov.draw.perEdit')} extra={t('ov.draw.perEditHint')}>
              <InputNumber id="draw-per-edit" min={0} max={10} step={0.5} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="investigatorUserId" label={t('ov.draw.investigator')}>
              <InvestigatorSelect />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="investigatorFactor" label={t('ov.draw.investigatorFactor')}>
              <InputNumber id="draw-investigator-factor" min={1} max={100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="largeAidYuan" label={t('ov.draw.largeAid')} extra={t('ov.draw.largeAidHint')}>
              <InputNumber id="draw-large-aid" min={0} max={10_000_000} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="largeAidFactor" label={t('ov.draw.largeAidFactor')}>
              <InputNumber id="draw-large-aid-factor" min={1} max={100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('ov.draw.seed')} extra={t('ov.draw.seedHint')} required>
          <Space.Compact style={{ width: '100%', maxWidth: 420 }}>
            <Form.Item name="seed" noStyle rules={[{ required: true, pattern: /^[\w.:-]{1,64}$/, message: t('ov.draw.seedInvalid') }]}>
              <Input id="draw-seed" data-testid="draw-seed" maxLength={64} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
            <Button icon={<ReloadOutlined />} onClick={() => form.setFieldValue('seed', randomSeed())}>
              {t('ov.draw.newSeed')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={draw.isPending} data-testid="draw-submit">
            {t('ov.draw.submit')}
          </Button>
          <Button onClick={() => navigate('/oversight')}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
