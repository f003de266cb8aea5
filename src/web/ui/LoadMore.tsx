import { Button } from 'antd';
import { useT } from '../app/i18n';

/** The "load more" button under a keyset list (see useCursorList); nothing once every page is loaded. */
export function LoadMore({ q }: { q: { hasNextPage: boolean; fetchNextPage: () => unknown; isFetchingNextPage: boolean } }) {
  const t = useT();
  if (!q.hasNextPage) return null;
  return (
    <div style={{ textAlign: 'center', marginTop: 12 }}>
      <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
        {t('common.loadMore')}
      </Button>
    </div>
  );
}
