import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import {
  ACCOUNTABILITY_ACTIONS,
  ACCOUNTABILITY_ACTION_LABELS,
  DEFAULT_ACCOUNTABILITY,
  FINDING_CAUSES,
  FINDING_CAUSE_LABELS,
  OUTCOMES,
  OUTCOME_LABELS,
  SIGNER_ROLES,
  SIGNER_ROLE_LABELS,
  type AccountabilityAction,
  type FindingCause,
  type Outcome,
  type OutcomeBody,
  type SignerRole,
} from '../../../contracts/oversight';
import { useT } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { oversightKeys, recordOutcome, type SpotCheckDto } from './api';

interface Values {
  outcome: Outcome;
  cause?: FindingCause;
  notes: string;
  recheckedOn: string;
  adjust: boolean;
  people: Array<{ role: SignerRole; action: AccountabilityAction; deadline?: string }>;
  sign: boolean;
}

const todayShanghai = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** 记录复核结果: 符合 / 不符合 with its cause, signed by the auditor and final. */
export function OutcomeModal({ item, onClose, onDone }: { item: SpotCheckDto['items'][number]; onClose: () => void; onDone: (itemId: string, outcome: Outcome) => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);
  const cause = Form.useWatch('cause', form);
  const adjust = Form.useWatch('adjust', form);
  const [touchedPeople, setTouchedPeople] = useState(false);
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: Values) => {
      const body: OutcomeBody = {
        outcome: v.outcome,
        notes: v.notes,
        recheckedOn: v.recheckedOn,
        ...(v.outcome === 'nonconforming' ? { cause: v.cause } : {}),
        ...(v.outcome === 'nonconforming' && v.adjust ? { accountability: v.people.map((p) => ({ role: p.role, action: p.action, ...(p.deadline ? { deadline: p.deadline } : {}) })) } : {}),
      };
      return recordOutcome(item.id, body);
    },
    onSuccess: (r) => {
      toast()?.success(t('ov.outcome.saved'));
      void qc.invalidateQueries({ queryKey: oversightKeys.all });
      void qc.invalidateQueries({ queryKey: ['registry'] });
      onDone(item.id, r.item.outcome ?? 'conforms');
    },
    onError: (e) => applyFormError(form, e, ['outcome', 'cause', 'notes', 'recheckedOn']),
  });
  const onCause = (c: FindingCause) => {
    if (!touchedPeople) form.setFieldValue('people', DEFAULT_ACCOUNTABILITY[c].map((p) => ({ ...p })));
  };
  return (
    <Modal
      open
      title={t('ov.outcome.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('ov.outcome.sign')}
      okButtonProps={{ 'data-testid': 'outcome-submit', danger: outcome === 'nonconforming' }}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph>
        {item.archiveNo ?? '—'} · {item.workerName} · {item.orgName}
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="outcome-form"
        initialValues={{ outcome: 'conforms', notes: '', recheckedOn: todayShanghai(), adjust: false, people: [], sign: false }}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={(ch) => {
          if ('people' in ch) setTouchedPeople(true);
        }}
      >
        <Form.Item name="outcome" label={t('ov.outcome.outcome')} rules={[{ required: true }]}>
          <Radio.Group data-testid="outcome-outcome" optionType="button" buttonStyle="solid" options={OUTCOMES.map((o) => ({ value: o, label: t.label(OUTCOME_LABELS[o]) }))} />
        </Form.Item>
        {outcome === 'nonconforming' && (
          <Form.Item name="cause" label={t('ov.outcome.cause')} rules={[{ required: true, message: t('common.selectRequired', { field: t('ov.outcome.cause') }) }]}>
            <Select id="outcome-cause" data-testid="outcome-cause" onChange={onCause} options={FINDING_CAUSES.map((c) => ({ value: c, label: t.label(FINDING_CAUSE_LABELS[c]) }))} />
          </Form.Item>
        )}
        <Form.Item name="notes" label={t('ov.outcome.notes')} rules={[{ required: true, whitespace: true, min: 2, max: 2000, message: t('ov.outcome.notesRequired') }]}>
          <Input.TextArea id="outcome-notes" data-testid="outcome-notes" rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="recheckedOn" label={t('ov.outcome.date')} rules={[{ required: true }]}>
          <Input id="outcome-date" data-testid="outcome-date" type="date" style={{ maxWidth: 200 }} />
        </Form.Item>
        {outcome === 'nonconforming' && (
          <>
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('ov.outcome.warn')} />
            <Typography.Text strong>{t('ov.outcome.accountability')}</Typography.Text>
            {cause && !adjust && (
              <ul style={{ marginTop: 4 }} data-testid="outcome-default-people">
                {DEFAULT_ACCOUNTABILITY[cause].map((p) => (
                  <li key={p.role}>
                    {t.label(SIGNER_ROLE_LABELS[p.role])} — {t.label(ACCOUNTABILITY_ACTION_LABELS[p.action])}
                  </li>
                ))}
              </ul>
            )}
            <Form.Item name="adjust" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox data-testid="outcome-adjust">{t('common.edit')}</Checkbox>
            </Form.Item>
            {adjust && (
              <Form.List name="people">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <Space key={f.key} align="baseline" wrap>
                        <Form.Item name={[f.name, 'role']} rules={[{ required: true }]}>
                          <Select style={{ width: 130 }} placeholder={t('ov.outcome.role')} options={SIGNER_ROLES.map((r) => ({ value: r, label: t.label(SIGNER_ROLE_LABELS[r]) }))} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'action']} rules={[{ required: true }]}>
                          <Select style={{ width: 160 }} placeholder={t('ov.outcome.action')} options={ACCOUNTABILITY_ACTIONS.map((a) => ({ value: a, label: t.label(ACCOUNTABILITY_ACTION_LABELS[a]) }))} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'deadline']}>
                          <Input type="date" placeholder={t('ov.outcome.deadline')} />
                        </Form.Item>
                        <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="remove" />
                      </Space>
                    ))}
                    <Button icon={<PlusOutlined />} onClick={() => add({ role: 'investigated', action: 'criticism' })} disabled={fields.length >= 4}>
                      {t('ov.outcome.addPerson')}
                    </Button>
                  </>
                )}
              </Form.List>
            )}
          </>
        )}
        <Form.Item name="sign" valuePropName="checked" style={{ marginTop: 12 }} rules={[{ validator: (_r, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('ov.outcome.sign')))) }]}>
          <Checkbox data-testid="outcome-sign">{t('ov.outcome.sign')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
