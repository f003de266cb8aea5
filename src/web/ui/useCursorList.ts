import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Page } from '../app/api';

/** A keyset list (`{ items, nextCursor }`): pages loaded one after another ("load more"), `rows` all loaded so far. */
export function useCursorList<T>(key: QueryKey, fetchPage: (cursor: string | null) => Promise<Page<T>>, enabled = true) {
  const q = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
  const rows = useMemo(() => q.data?.pages.flatMap((p) => p.items) ?? [], [q.data]);
  return { ...q, rows };
}
