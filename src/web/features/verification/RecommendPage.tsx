import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, Skeleton } from 'antd';
import { useNavigate, useParams } from 'react-router';
import type { HouseholdDto, HouseholdInput } from '../../../contracts/registry';
import { api, isApiError } from '../../app/api';
import { LoadError, NotFound } from '../../ui/results';
import { HouseholdForm } from '../registry/HouseholdFormPage';
import { getTask, verificationKeys } from './api';

/**
 * 调查员推荐新发现的困难家庭: from one of their visits an investigator files a household found nearby as a draft of that
 * task's union (registered by the investigator, so someone else verifies it). The union reports it as any draft.
 */
export default function RecommendPage() {
  const { taskId } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const task = useQuery({ queryKey: verificationKeys.task(taskId ?? ''), queryFn: () => getTask(taskId!), enabled: !!taskId, meta: { quiet: true } });
  if (task.isError && isApiError(task.error) && (task.error.status === 404 || task.error.status === 400)) return <NotFound />;
  if (task.isError) return <LoadError error={task.error} onRetry={() => void task.refetch()} />;
  if (!task.data)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  const tk = task.data;
  return (
    <HouseholdForm
      household={null}
      recommend={{
        orgId: tk.orgId,
        orgName: tk.orgName,
        regionCode: tk.regionCode,
        submit: (body: HouseholdInput & { note: string }) => api<HouseholdDto>('/api/v1/verification/recommend', { method: 'POST', body }),
        onDone: () => {
          void qc.invalidateQueries({ queryKey: verificationKeys.all });
          navigate('/verification');
        },
      }}
    />
  );
}
