import { useQuery } from '@tanstack/react-query';
import { Card, Tag } from 'antd';
import { Link, useParams } from 'react-router';
import { CAMPAIGN_STATUS_LABELS } from '../../../contracts/survey';
import { useT } from '../../app/i18n';
import { LoadError } from '../../ui/results';
import { getCampaign, surveyKeys } from './api';
import { AssignmentsTab } from './AssignmentsTab';
import { STATUS_COLOR } from './CampaignListPage';

/** A team member's households of one campaign, on a phone. */
export default function MinePage() {
  const { id = '' } = useParams();
  const t = useT();
  const q = useQuery({ queryKey: surveyKeys.campaign(id), queryFn: () => getCampaign(id) });
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  if (!c) return <Card loading style={{ maxWidth: 440, margin: '0 auto' }} />;
  return (
    <div style={{ maxWidth: 440, margin: '0 auto' }} data-testid="survey-mine">
      <Card
        size="small"
        title={
          <span>
            {c.name} <Tag color={STATUS_COLOR[c.status]}>{t.label(CAMPAIGN_STATUS_LABELS[c.status])}</Tag>
          </span>
        }
        extra={<Link to="/surveys">{t('common.back')}</Link>}
      >
        <AssignmentsTab c={{ ...c, canManage: false }} />
      </Card>
    </div>
  );
}
