import { Spin } from 'antd';
import { lazy, Suspense } from 'react';

const RespondPage = lazy(() => import('./RespondPage'));

/** The phone form without the desktop menu: a team member answers on a 390 px screen at the household's door. */
export default function RespondShell() {
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', padding: '12px 10px' }}>
      <Suspense fallback={<Spin style={{ display: 'block', marginTop: 80 }} />}>
        <RespondPage />
      </Suspense>
    </div>
  );
}
