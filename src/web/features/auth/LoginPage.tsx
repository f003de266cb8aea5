import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import type { MeResponse } from '../../../contracts/auth';
import { ApiError, api } from '../../app/api';
import { ME_KEY, useMeQuery } from '../../app/auth';
import { useT } from '../../app/i18n';
import { BRAND } from '../../app/providers';
import { LangSwitch } from '../../ui/LangSwitch';
import { Logo } from '../../ui/Logo';

interface LoginForm {
  username: string;
  password: string;
}

export default function LoginPage() {
  const t = useT();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const me = useMeQuery();
  const [error, setError] = useState<ApiError | null>(null);
  const [form] = Form.useForm<LoginForm>();
  const from = (location.state as { from?: string } | null)?.from;

  const login = useMutation({
    meta: { quiet: true },
    mutationFn: (v: LoginForm) => api<MeResponse>('/api/v1/auth/login', { body: v, noAuthRedirect: true }),
    onSuccess: (data) => {
      qc.clear();
      qc.setQueryData(ME_KEY, data);
      navigate(from && from !== '/login' ? from : '/', { replace: true });
    },
    onError: (e) => {
      setError(e instanceof ApiError ? e : new ApiError(0, 'NETWORK', t('error.network')));
      form.setFieldValue('password', '');
    },
  });

  if (me.data) return <Navigate to={from && from !== '/login' ? from : '/'} replace />;

  return (
    <div style={{ minHeight: '100vh', display: 'flex', background: '#f3f5f9' }}>
      <div
        style={{
          flex: '1 1 55%',
          background: `linear-gradient(135deg, ${BRAND.red} 0%, #8e0f14 45%, #0f2747 100%)`,
          color: '#fff',
          display: 'flex',
          flexDirection: 'column',
          justifyContent: 'space-between',
          padding: '48px 56px',
          minWidth: 420,
        }}
      >
        <div style={{ display: 'flex', alignItems: 'center', gap: 14 }}>
          <Logo size={44} />
          <div>
            <div style={{ fontSize: 18, fontWeight: 600, letterSpacing: 2 }}>{t('app.federation')}</div>
            <div style={{ opacity: 0.8, fontSize: 13 }}>{t('app.subtitle')}</div>
          </div>
        </div>
        <div>
          <div style={{ fontSize: 52, fontWeight: 700, letterSpacing: 6, lineHeight: 1.2 }}>精准帮扶</div>
          <div style={{ fontSize: 26, fontWeight: 300, letterSpacing: 1, opacity: 0.92 }}>Precision Aid</div>
          <div style={{ marginTop: 28, fontSize: 15, opacity: 0.88, maxWidth: 520, lineHeight: 1.8 }}>{t('app.fivePrecisions')}</div>
        </div>
        <div style={{ fontSize: 12, opacity: 0.7 }}>{t('login.footer')}</div>
      </div>

      <div style={{ flex: '1 1 45%', display: 'flex', flexDirection: 'column', minWidth: 420 }}>
        <div style={{ display: 'flex', justifyContent: 'flex-end', padding: 20 }}>
          <LangSwitch />
        </div>
        <div style={{ flex: 1, display: 'flex', alignItems: 'center', justifyContent: 'center', padding: '0 24px 80px' }}>
          <div style={{ width: 360 }}>
            <Typography.Text type="secondary">{t('login.welcome')}</Typography.Text>
            <Typography.Title level={2} style={{ marginTop: 4, marginBottom: 28 }}>
              {t('app.title')} · {t('login.title')}
            </Typography.Title>
            {error && (
              <Alert
                type={error.status === 423 || error.status === 429 ? 'warning' : 'error'}
                showIcon
                title={error.message}
                style={{ marginBottom: 20 }}
                data-testid="login-error"
                closable={{ onClose: () => setError(null) }}
              />
            )}
            <Form<LoginForm> form={form} layout="vertical" size="large" requiredMark={false} onFinish={(v) => login.mutate(v)} onValuesChange={() => error && error.status !== 423 && setError(null)}>
              <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
                <Input id="username" prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={64} />
              </Form.Item>
              <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
                <Input.Password id="password" prefix={<LockOutlined />} autoComplete="current-password" maxLength={256} />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
                {t('login.submit')}
              </Button>
            </Form>
            <Typography.Paragraph type="secondary" style={{ marginTop: 24, fontSize: 12 }}>
              {t('login.hint')}
            </Typography.Paragraph>
          </div>
        </div>
      </div>
    </div>
  );
}
