import { ThunderboltOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button, Checkbox, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import type { UserDto } from '../../../contracts/users';
import { isApiError } from '../../app/api';
import { useT } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { PasswordPolicy, generatePassword, passwordRule } from '../../ui/password';
import { resetUserPassword } from './api';

interface Values {
  newPassword: string;
  mustChange: boolean;
}

/** Sets a new password for another user (by default they must change it at next sign-in). */
export function ResetPasswordModal({ user, onClose }: { user: UserDto; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const pw = Form.useWatch('newPassword', form);
  const [show, setShow] = useState(false);
  const reset = useMutation({
    meta: { quiet: true },
    mutationFn: (v: Values) => resetUserPassword(user.id, v.newPassword, v.mustChange),
    onSuccess: () => {
      toast()?.success(t('user.resetDone'));
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'WEAK_PASSWORD') form.setFields([{ name: 'newPassword', errors: [e.message] }]);
      else applyFormError(form, e, ['newPassword']);
    },
  });
  return (
    <Modal open title={t('user.resetTitle', { username: user.username })} onCancel={onClose} onOk={() => form.submit()} okText={t('user.resetPassword')} confirmLoading={reset.isPending} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" initialValues={{ mustChange: true }} onFinish={(v) => reset.mutate(v)} style={{ marginTop: 12 }}>
        <Form.Item label={t('password.new')} required extra={<PasswordPolicy password={pw} username={user.username} />}>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="newPassword" noStyle rules={[{ required: true, message: t('common.required', { field: t('password.new') }) }, passwordRule(t, () => user.username)]}>
              <Input.Password id="reset-password" autoComplete="new-password" visibilityToggle={{ visible: show, onVisibleChange: setShow }} />
            </Form.Item>
            <Button
              icon={<ThunderboltOutlined />}
              onClick={() => {
                form.setFieldValue('newPassword', generatePassword());
                setShow(true);
                void form.validateFields(['newPassword']);
              }}
            >
              {t('password.generate')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item name="mustChange" valuePropName="checked">
          <Checkbox>{t('user.resetMustChange')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
