import { Button, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { useLang, useT } from '../../app/i18n';
import { Mono } from '../../ui/tags';

export { useCursorList } from '../../ui/useCursorList';

/** A contract's zh/en label in the UI language. */
export function useLabel() {
  const lang = useLang();
  return <K extends string>(labels: Record<K, { zh: string; en: string }>, key: K | null | undefined): string => (key ? (lang === 'en' ? labels[key]?.en : labels[key]?.zh) ?? key : '—');
}

export function LoadMore({ list, testId }: { list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown; rows: unknown[] }; testId: string }) {
  const t = useT();
  return (
    <Space style={{ marginTop: 12 }}>
      {list.hasNextPage ? (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid={testId}>
          {t('common.loadMore')}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t('common.loaded', { count: list.rows.length })}</Typography.Text>
      )}
    </Space>
  );
}

function IncomeLink({ id }: { id: string }) {
  const t = useT();
  return (
    <Link to={`/dynamic/households/${id}/income`} data-testid={`dyn-income-${id}`}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('dyn.income.link')}
      </Typography.Text>
    </Link>
  );
}

/** Archive number (linking to the file), the worker's name, and a link to the file's income records. */
export function FileCell({ id, archiveNo, workerName }: { id: string; archiveNo: string | null; workerName: string }) {
  return (
    <Space size={6}>
      <Link to={`/registry/households/${id}`} data-testid={`dyn-file-${id}`}>
        {archiveNo ? <Mono>{archiveNo}</Mono> : '—'} {workerName}
      </Link>
      <IncomeLink id={id} />
    </Space>
  );
}
