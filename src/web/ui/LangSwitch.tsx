import { Segmented } from 'antd';
import { setLang, useLang, useT, type Lang } from '../app/i18n';

/** 中文 / EN switch; the choice is kept in localStorage and sent as Accept-Language. */
export function LangSwitch({ size = 'middle' }: { size?: 'small' | 'middle' | 'large' }) {
  const lang = useLang();
  const t = useT();
  return (
    <Segmented<Lang>
      size={size}
      aria-label={t('lang.switch')}
      data-testid="lang-switch"
      value={lang}
      onChange={(v) => setLang(v)}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'EN', value: 'en' },
      ]}
    />
  );
}
