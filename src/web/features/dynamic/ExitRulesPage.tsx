import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, InputNumber, Space, Table, Typography } from 'antd';
import { Permission } from '../../../contracts/auth';
import { DEFAULT_EXIT_MONTHS } from '../../../contracts/dynamic';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { RegionSelect, useActorRegion } from '../registry/inputs';
import { dynamicKeys, listRules, putRule, type ExitRuleDto } from './api';

export default function ExitRulesPage() {
  const t = useT();
  const qc = useQueryClient();
  const { can } = useAuth();
  const home = useActorRegion();
  const [form] = Form.useForm<{ regionCode: string; consecutiveMonths: number }>();
  const rules = useQuery({ queryKey: dynamicKeys.rules(), queryFn: listRules });
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: putRule,
    onSuccess: () => {
      toast()?.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: dynamicKeys.all });
    },
    onError: (e) => applyFormError(form, e, ['regionCode', 'consecutiveMonths']),
  });
  const canConfigure = can(Permission.RegistryConfigure);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="exit-rules-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('dyn.rules.title')}
      </Typography.Title>
      <Alert type="info" showIcon message={t('dyn.rules.hint', { n: rules.data?.defaultMonths ?? DEFAULT_EXIT_MONTHS })} />
      {canConfigure ? (
        <Card size="small">
          <Form form={form} layout="inline" initialValues={{ regionCode: home || undefined, consecutiveMonths: DEFAULT_EXIT_MONTHS }} onFinish={(v) => save.mutate(v)} data-testid="exit-rule-form">
            <Form.Item name="regionCode" label={t('dyn.rules.region')} rules={[{ required: true }]}>
              <RegionSelect within={home || undefined} style={{ width: 240 }} allowClear={false} data-testid="exit-rule-region" />
            </Form.Item>
            <Form.Item name="consecutiveMonths" label={t('dyn.rules.months')} rules={[{ required: true, type: 'integer', min: 1, max: 36 }]}>
              <InputNumber min={1} max={36} precision={0} data-testid="exit-rule-months" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="exit-rule-save">
              {t('dyn.rules.save')}
            </Button>
          </Form>
        </Card>
      ) : (
        <Typography.Text type="secondary">{t('dyn.rules.noConfigure')}</Typography.Text>
      )}
      {rules.error ? <LoadError error={rules.error} onRetry={() => void rules.refetch()} /> : null}
      <Table<ExitRuleDto>
        rowKey="regionCode"
        size="small"
        loading={rules.isLoading}
        dataSource={rules.data?.items ?? []}
        pagination={false}
        data-testid="exit-rules"
        columns={[
          { title: t('dyn.rules.region'), key: 'r', render: (_, r) => (<span>{r.regionName ?? r.regionCode} <Mono>{r.regionCode}</Mono></span>) },
          { title: t('dyn.rules.months'), dataIndex: 'consecutiveMonths' },
          { title: t('dyn.rules.updatedBy'), dataIndex: 'updatedBy' },
          { title: t('common.details'), dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v) },
        ]}
      />
    </Space>
  );
}
