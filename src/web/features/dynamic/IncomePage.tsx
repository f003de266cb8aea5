import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Form, Input, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useParams } from 'react-router';
import { Permission } from '../../../contracts/auth';
import { INCOME_RECORD_SOURCE_LABELS } from '../../../contracts/dynamic';
import { useAuth } from '../../app/auth';
import { useLang, useT } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { formatDateTime, formatFen } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { YuanInput, yuanRule } from '../registry/inputs';
import { yuanTextToFen } from '../registry/numbers';
import { addIncome, dynamicKeys, getIncome, type IncomeRecordDto } from './api';
import { useLabel } from './shared';

/** A file's monthly per-capita income records, the exit rule's view of them, and manual entry. */
export default function IncomePage() {
  const { id = '' } = useParams();
  const t = useT();
  const lang = useLang();
  const label = useLabel();
  const qc = useQueryClient();
  const { can } = useAuth();
  const [form] = Form.useForm<{ month: Dayjs; income: string; note?: string }>();
  const data = useQuery({ queryKey: [...dynamicKeys.all, 'income', id], queryFn: () => getIncome(id) });
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { month: Dayjs; income: string; note?: string }) => addIncome(id, { month: v.month.format('YYYY-MM'), perCapitaIncomeFen: yuanTextToFen(v.income)!, note: v.note || undefined }),
    onSuccess: () => {
      toast()?.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: dynamicKeys.all });
      form.resetFields(['income', 'note']);
    },
    onError: (e) => applyFormError(form, e, ['month', 'income', 'note']),
  });
  if (data.error) return <LoadError error={data.error} onRetry={() => void data.refetch()} />;
  const a = data.data?.assessment;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="income-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('dyn.income.title')}
      </Typography.Title>
      {a && (
        <Alert
          type={a.candidate ? 'success' : 'info'}
          showIcon
          data-testid="income-assessment"
          message={a.reasons.map((r) => (lang === 'en' ? r.en : r.zh)).join('；')}
          description={`${t('dyn.rules.months')}: ${a.streak} / ${a.requiredMonths}${a.nearLineFen !== null ? ` · ${formatFen(a.nearLineFen)}` : ''}`}
        />
      )}
      {can(Permission.RegistryWrite) && (
        <Card size="small">
          <Form form={form} layout="inline" initialValues={{ month: dayjs() }} onFinish={(v) => save.mutate(v)} data-testid="income-form">
            <Form.Item name="month" label={t('dyn.income.month')} rules={[{ required: true }]}>
              <DatePicker picker="month" data-testid="income-month" />
            </Form.Item>
            <Form.Item name="income" label={t('dyn.col.income')} rules={[yuanRule(t, { required: true, field: t('dyn.col.income') })]}>
              <YuanInput data-testid="income-amount" />
            </Form.Item>
            <Form.Item name="note" label={t('dyn.review.notes')}>
              <Input maxLength={500} data-testid="income-note" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="income-save">
              {t('common.save')}
            </Button>
          </Form>
        </Card>
      )}
      <Table<IncomeRecordDto>
        rowKey="id"
        size="small"
        loading={data.isLoading}
        dataSource={data.data?.items ?? []}
        pagination={false}
        data-testid="income-records"
        columns={[
          { title: t('dyn.income.month'), dataIndex: 'month', width: 100 },
          { title: t('dyn.col.income'), dataIndex: 'perCapitaIncomeFen', render: (v: number) => formatFen(v) },
          { title: t('dyn.col.status'), dataIndex: 'source', render: (v: IncomeRecordDto['source']) => <Tag>{label(INCOME_RECORD_SOURCE_LABELS, v)}</Tag> },
          { title: t('dyn.review.notes'), dataIndex: 'note' },
          { title: t('dyn.follow.calledBy'), dataIndex: 'recordedByName' },
          { title: t('dyn.col.lastTouched'), dataIndex: 'recordedAt', render: (v: string) => formatDateTime(v) },
        ]}
      />
    </Space>
  );
}
