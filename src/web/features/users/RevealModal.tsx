import { EyeOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Descriptions, Form, Input, Modal, Typography } from 'antd';
import type { UserDto } from '../../../contracts/users';
import { useT } from '../../app/i18n';
import { applyFormError } from '../../ui/feedback';
import { revealUser } from './api';

type Field = 'phone' | 'idNumber';
interface Values {
  fields: Field[];
  reason: string;
}

/**
 * Reveals a user's full phone and ID number. The server records the reveal, with the reason,
 * in the audit log; the values live only in this dialog and are gone when it closes.
 */
export function RevealModal({ user, onClose }: { user: UserDto; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const available: Field[] = [...(user.phone ? (['phone'] as const) : []), ...(user.idNumber ? (['idNumber'] as const) : [])];
  const reveal = useMutation({
    meta: { quiet: true },
    mutationFn: (v: Values) => revealUser(user.id, v.fields, v.reason.trim()),
    onError: (e) => applyFormError(form, e, ['reason', 'fields']),
  });
  const done = reveal.data;

  return (
    <Modal
      open
      title={t('user.revealTitle', { name: `${user.displayName}（${user.username}）` })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        done || !available.length
          ? [
              <Button key="close" type="primary" onClick={onClose}>
                {t('common.close')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                {t('common.cancel')}
              </Button>,
              <Button key="ok" type="primary" danger icon={<EyeOutlined />} loading={reveal.isPending} onClick={() => form.submit()} data-testid="reveal-submit">
                {t('user.revealSubmit')}
              </Button>,
            ]
      }
    >
      {!available.length ? (
        <Alert type="info" showIcon title={t('user.nothingToReveal')} />
      ) : done ? (
        <>
          <Alert type="warning" showIcon title={t('user.revealed')} style={{ marginBottom: 16 }} />
          <Descriptions bordered column={1} size="small" data-testid="revealed-values">
            {done.phone !== undefined && (
              <Descriptions.Item label={t('user.phone')}>
                <Typography.Text copyable={!!done.phone} style={{ fontFamily: 'monospace', fontSize: 15 }}>
                  {done.phone ?? '—'}
                </Typography.Text>
              </Descriptions.Item>
            )}
            {done.idNumber !== undefined && (
              <Descriptions.Item label={t('user.idNumber')}>
                <Typography.Text copyable={!!done.idNumber} style={{ fontFamily: 'monospace', fontSize: 15 }}>
                  {done.idNumber ?? '—'}
                </Typography.Text>
              </Descriptions.Item>
            )}
          </Descriptions>
        </>
      ) : (
        <>
          <Alert type="warning" showIcon title={t('user.revealWarning')} style={{ margin: '12px 0 16px' }} />
          <Form<Values> form={form} layout="vertical" initialValues={{ fields: available, reason: '' }} onFinish={(v) => reveal.mutate(v)}>
            <Form.Item name="fields" label={t('user.revealFields')} rules={[{ required: true, type: 'array', min: 1, message: t('common.selectRequired', { field: t('user.revealFields') }) }]}>
              <Checkbox.Group
                options={available.map((f) => ({
                  value: f,
                  label: `${f === 'phone' ? t('user.phone') : t('user.idNumber')}（${f === 'phone' ? user.phone : user.idNumber}）`,
                }))}
              />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t('user.revealReason')}
              rules={[
                { required: true, whitespace: true, message: t('user.revealReasonInvalid') },
                { min: 2, max: 200, message: t('user.revealReasonInvalid') },
              ]}
            >
              <Input.TextArea id="reveal-reason" rows={3} maxLength={200} showCount placeholder={t('user.revealReasonPlaceholder')} />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
