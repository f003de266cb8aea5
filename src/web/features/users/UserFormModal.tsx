import { ThunderboltOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button, Checkbox, Col, Form, Input, Modal, Row, Select, Space } from 'antd';
import { useState } from 'react';
import { ROLE_PERMISSIONS, STAFF_ROLES, type Role } from '../../../contracts/auth';
import type { UserDto } from '../../../contracts/users';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { idNumberChecksumOk } from '../../ui/format';
import { PasswordPolicy, generatePassword, passwordRule } from '../../ui/password';
import { roleLabel } from '../../ui/tags';
import { OrgTreeSelect } from '../orgs/OrgTreeSelect';
import { createUser, updateUser, type CreateUserInput, type UpdateUserInput } from './api';

interface Values {
  username: string;
  displayName: string;
  orgId: string;
  roles: Role[];
  password?: string;
  phone?: string;
  idNumber?: string;
  clearPhone?: boolean;
  clearIdNumber?: boolean;
}

const FIELDS = ['username', 'displayName', 'orgId', 'roles', 'password', 'phone', 'idNumber'];
const USERNAME_RE = /^[A-Za-z0-9_.-]{3,64}$/;
const PHONE_RE = /^1\d{10}$/;

/** Creates a user in the actor's subtree, or edits name, org, roles, phone and ID number. */
export function UserFormModal({ open, user, defaultOrgId, onClose, onDone }: { open: boolean; user?: UserDto | null; defaultOrgId?: string; onClose: () => void; onDone: (u: UserDto) => void }) {
  const t = useT();
  const { me, manages } = useAuth();
  const [form] = Form.useForm<Values>();
  const editing = !!user;
  const username = Form.useWatch('username', form);
  const password = Form.useWatch('password', form);
  const clearPhone = Form.useWatch('clearPhone', form);
  const clearIdNumber = Form.useWatch('clearIdNumber', form);
  const [showPw, setShowPw] = useState(false);

  const save = useMutation({
    meta: { quiet: true },
    mutationFn: async (v: Values) => {
      const phone = v.phone?.trim() || undefined;
      const idNumber = v.idNumber?.trim().toUpperCase() || undefined;
      if (!editing || !user) {
        const body: CreateUserInput = { username: v.username.trim(), displayName: v.displayName.trim(), orgId: v.orgId, roles: v.roles, password: v.password!, ...(phone ? { phone } : {}), ...(idNumber ? { idNumber } : {}) };
        return createUser(body);
      }
      const body: UpdateUserInput = {};
      if (v.displayName.trim() !== user.displayName) body.displayName = v.displayName.trim();
      if (v.orgId !== user.orgId) body.orgId = v.orgId;
      if ([...v.roles].sort().join() !== [...user.roles].sort().join()) body.roles = v.roles;
      if (v.clearPhone) body.phone = null;
      else if (phone) body.phone = phone;
      if (v.clearIdNumber) body.idNumber = null;
      else if (idNumber) body.idNumber = idNumber;
      if (!Object.keys(body).length) return user;
      return updateUser(user.id, body);
    },
    onSuccess: (u) => {
      toast()?.success(editing ? t('common.saved') : t('user.created', { username: u.username }));
      onDone(u);
    },
    onError: (e) => applyFormError(form, e, FIELDS),
  });

  const initialValues: Partial<Values> = user
    ? { username: user.username, displayName: user.displayName, orgId: user.orgId, roles: user.roles }
    : { orgId: defaultOrgId ?? me.org.id, roles: ['cadre'] };

  const roleOptions = STAFF_ROLES.map((r) => ({
    value: r,
    label: roleLabel(t, r),
    title: ROLE_PERMISSIONS[r].map((p) => t.maybe(`perm.${p}`, p)).join('、'),
  }));

  return (
    <Modal
      open={open}
      title={editing ? t('user.editTitle', { username: user!.username }) : t('user.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => save.mutate(v)} preserve={false} style={{ marginTop: 12 }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="username"
              label={t('user.username')}
              rules={editing ? [] : [{ required: true, message: t('common.required', { field: t('user.username') }) }, { pattern: USERNAME_RE, message: t('user.usernameInvalid') }]}
            >
              <Input id="user-username" disabled={editing} maxLength={64} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="displayName" label={t('user.displayName')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('user.displayName') }) }, { max: 50 }]}>
              <Input id="user-displayName" maxLength={50} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="orgId" label={t('user.org')} rules={[{ required: true, message: t('common.selectRequired', { field: t('user.org') }) }]}>
          <OrgTreeSelect id="user-org" withinPath={me.scope.orgPath} disabledOrg={(o) => (manages(o.path) ? null : t('org.why.scope'))} />
        </Form.Item>
        <Form.Item name="roles" label={t('user.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('user.roleRequired') }]}>
          <Select id="user-roles" mode="multiple" options={roleOptions} optionRender={(o) => (
            <div>
              <div>{o.label}</div>
              <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)', whiteSpace: 'normal' }}>{o.data.title}</div>
            </div>
          )} />
        </Form.Item>
        {!editing && (
          <Form.Item label={t('user.initialPassword')} required extra={<><PasswordPolicy password={password} username={username} /><div style={{ marginTop: 4 }}>{t('user.initialPasswordHint')}</div></>}>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item
                name="password"
                noStyle
                dependencies={['username']}
                rules={[{ required: true, message: t('common.required', { field: t('user.initialPassword') }) }, passwordRule(t, () => form.getFieldValue('username'))]}
              >
                <Input.Password id="user-password" autoComplete="new-password" visibilityToggle={{ visible: showPw, onVisibleChange: setShowPw }} />
              </Form.Item>
              <Button
                icon={<ThunderboltOutlined />}
                onClick={() => {
                  form.setFieldValue('password', generatePassword());
                  setShowPw(true);
                  void form.validateFields(['password']);
                }}
              >
                {t('password.generate')}
              </Button>
            </Space.Compact>
          </Form.Item>
        )}
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="phone"
              label={t('user.phone')}
              extra={editing && user?.phone ? t('user.keepBlank', { value: user.phone }) : undefined}
              rules={[{ pattern: PHONE_RE, message: t('user.phoneInvalid') }]}
            >
              <Input id="user-phone" maxLength={11} disabled={!!clearPhone} autoComplete="off" />
            </Form.Item>
            {editing && user?.phone && (
              <Form.Item name="clearPhone" valuePropName="checked" style={{ marginTop: -12 }}>
                <Checkbox>{t('user.clearField')}</Checkbox>
              </Form.Item>
            )}
          </Col>
          <Col span={12}>
            <Form.Item
              name="idNumber"
              label={t('user.idNumber')}
              extra={editing && user?.idNumber ? t('user.keepBlank', { value: user.idNumber }) : undefined}
              rules={[
                {
                  validator: async (_, v: string | undefined) => {
                    const s = v?.trim();
                    if (!s) return;
                    if (!/^\d{17}[\dXx]$/.test(s)) throw new Error(t('user.idInvalid'));
                    if (!idNumberChecksumOk(s)) throw new Error(t('user.idChecksum'));
                  },
                },
              ]}
            >
              <Input id="user-idNumber" maxLength={18} disabled={!!clearIdNumber} autoComplete="off" />
            </Form.Item>
            {editing && user?.idNumber && (
              <Form.Item name="clearIdNumber" valuePropName="checked" style={{ marginTop: -12 }}>
                <Checkbox>{t('user.clearField')}</Checkbox>
              </Form.Item>
            )}
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
