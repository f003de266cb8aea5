import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { useParams } from 'react-router';

const RespondPage = lazy(() => import('./RespondPage'));
const MinePage = lazy(() => import('./MinePage'));

/**
 * The phone pages without the desktop menu: a team member's households of a campaign and the questionnaire,
 * answered on a 390 px screen at the household's door.
 */
export default function RespondShell() {
  const { assignmentId } = useParams();
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', padding: '12px 10px' }}>
      <Suspense fallback={<Spin style={{ display: 'block', marginTop: 80 }} />}>{assignmentId ? <RespondPage /> : <MinePage />}</Suspense>
    </div>
  );
}
