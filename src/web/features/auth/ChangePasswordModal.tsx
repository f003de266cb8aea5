import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal } from 'antd';
import { api, isApiError } from '../../app/api';
import { ME_KEY, useAuth, useLogout } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { PasswordPolicy, passwordRule } from '../../ui/password';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * Change one's own password. `forced` (mustChangePassword after first sign-in or a reset) leaves
 * no way out but changing it or signing out.
 */
export function ChangePasswordModal({ open, forced, onClose }: { open: boolean; forced?: boolean; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const { me } = useAuth();
  const logout = useLogout();
  const [form] = Form.useForm<Values>();
  const newPassword = Form.useWatch('newPassword', form);

  const change = useMutation({
    meta: { quiet: true },
    mutationFn: (v: Values) => api<void>('/api/v1/auth/password', { body: { currentPassword: v.currentPassword, newPassword: v.newPassword } }),
    onSuccess: async () => {
      toast()?.success(t('password.changed'));
      form.resetFields();
      await qc.invalidateQueries({ queryKey: ME_KEY });
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'INVALID_CREDENTIALS') form.setFields([{ name: 'currentPassword', errors: [e.message] }]);
      else if (isApiError(e) && e.code === 'WEAK_PASSWORD') form.setFields([{ name: 'newPassword', errors: [e.message] }]);
      else applyFormError(form, e, []);
    },
  });

  return (
    <Modal
      open={open}
      title={t('password.change')}
      onCancel={forced ? undefined : onClose}
      closable={!forced}
      keyboard={!forced}
      mask={{ closable: !forced }}
      destroyOnHidden
      footer={[
        forced ? (
          <Button key="logout" onClick={() => void logout()}>
            {t('logout')}
          </Button>
        ) : (
          <Button key="cancel" onClick={onClose}>
            {t('common.cancel')}
          </Button>
        ),
        <Button key="ok" type="primary" loading={change.isPending} onClick={() => form.submit()} data-testid="change-password-submit">
          {t('common.save')}
        </Button>,
      ]}
    >
      {forced && <Alert type="warning" showIcon title={t('password.mustChange')} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => change.mutate(v)} preserve={false}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('common.required', { field: t('password.current') }) }]}>
          <Input.Password autoComplete="current-password" id="currentPassword" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          rules={[{ required: true, message: t('common.required', { field: t('password.new') }) }, passwordRule(t, () => me.user.username)]}
          extra={<PasswordPolicy password={newPassword} username={me.user.username} />}
        >
          <Input.Password autoComplete="new-password" id="newPassword" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required', { field: t('password.confirm') }) },
            ({ getFieldValue }) => ({
              validator: async (_, v) => {
                if (v && v !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" id="confirmPassword" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
