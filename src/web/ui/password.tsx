import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Space, Typography } from 'antd';
import { passwordProblems } from '../../contracts/auth';
import { useT, type MsgKey } from '../app/i18n';

const RULES = ['too_short', 'too_simple', 'contains_username'] as const;

/** Live password-policy hint computed with the same rules the server applies. */
export function PasswordPolicy({ password, username }: { password: string | undefined; username?: string }) {
  const t = useT();
  const pw = password ?? '';
  const problems = new Set(passwordProblems(pw, username || undefined));
  const rules: string[] = [...RULES];
  if (problems.has('too_long')) rules.splice(1, 0, 'too_long');
  return (
    <Space orientation="vertical" size={0} style={{ fontSize: 12, marginTop: 4 }} data-testid="password-policy">
      {rules.map((r) => {
        const bad = problems.has(r);
        const untouched = pw.length === 0;
        return (
          <Typography.Text key={r} type={untouched ? 'secondary' : bad ? 'danger' : 'success'} style={{ fontSize: 12 }}>
            {untouched ? '•' : bad ? <CloseCircleFilled /> : <CheckCircleFilled />} {t(`pw.${r}` as MsgKey)}
          </Typography.Text>
        );
      })}
    </Space>
  );
}

/** Form rule: the password must meet the policy; the message lists what is missing. */
export function passwordRule(t: ReturnType<typeof useT>, username?: () => string | undefined) {
  return {
    validator: async (_: unknown, value: string | undefined) => {
      if (!value) return;
      const problems = passwordProblems(value, username?.() || undefined);
      if (problems.length) throw new Error(problems.map((p) => t(`pw.${p}` as MsgKey)).join('；'));
    },
  };
}

/** A random password that meets the policy (14 characters, all four classes). */
export function generatePassword(length = 14): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '!@#$%^&*-_=+?'];
  const all = sets.join('');
  const rand = (n: number) => {
    const a = new Uint32Array(1);
    crypto.getRandomValues(a);
    return a[0] % n;
  };
  const chars = sets.map((s) => s[rand(s.length)]);
  while (chars.length < length) chars.push(all[rand(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
