import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useT } from '../app/i18n';

/** 403: signed in, but the account lacks the permission this page needs. */
export function Forbidden() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title="403"
      subTitle={
        <>
          <div style={{ fontSize: 18, color: 'rgba(0,0,0,0.88)', marginBottom: 8 }}>{t('result.403.title')}</div>
          {t('result.403.sub')}
        </>
      }
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

/** 404: no such page (or, from the API, nothing in the actor's scope). */
export function NotFound() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={
        <>
          <div style={{ fontSize: 18, color: 'rgba(0,0,0,0.88)', marginBottom: 8 }}>{t('result.404.title')}</div>
          {t('result.404.sub')}
        </>
      }
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

/** A failed load, with a retry button. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  return (
    <Result
      status="error"
      title={t('error.loadFailed')}
      subTitle={error instanceof Error ? error.message : String(error)}
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}
