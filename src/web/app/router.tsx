import { Spin } from 'antd';
import { Suspense, lazy, type ReactNode } from 'react';
import { Navigate, createBrowserRouter } from 'react-router';
import { Permission } from '../../contracts/auth';
import LoginPage from '../features/auth/LoginPage';
import { ComingSoon } from '../features/home/ComingSoon';
import SurveyRespondShell from '../features/survey/RespondShell';
import { Forbidden, NotFound } from '../ui/results';
import { RequireAuth, RequirePerm } from './auth';
import { AppLayout, MODULES } from './layout';

const DashboardPage = lazy(() => import('../features/home/DashboardPage'));
const OrgsPage = lazy(() => import('../features/orgs/OrgsPage'));
const UsersPage = lazy(() => import('../features/users/UsersPage'));
const AuditPage = lazy(() => import('../features/audit/AuditPage'));
const HouseholdListPage = lazy(() => import('../features/registry/HouseholdListPage'));
const HouseholdPage = lazy(() => import('../features/registry/HouseholdPage'));
const HouseholdFormPage = lazy(() => import('../features/registry/HouseholdFormPage'));
const AssessPage = lazy(() => import('../features/registry/AssessPage'));
const DibaoLinesPage = lazy(() => import('../features/registry/DibaoLinesPage'));
const RegistryStatsPage = lazy(() => import('../features/registry/StatsPage'));
const ImportPage = lazy(() => import('../features/registry/ImportPage'));
const SurveyListPage = lazy(() => import('../features/survey/CampaignListPage'));
const SurveyCampaignPage = lazy(() => import('../features/survey/CampaignPage'));
const SurveyReportPage = lazy(() => import('../features/survey/ReportPage'));
const AnnualReviewPage = lazy(() => import('../features/dynamic/AnnualReviewPage'));
const ExitsPage = lazy(() => import('../features/dynamic/ExitsPage'));
const FollowUpsPage = lazy(() => import('../features/dynamic/FollowUpsPage'));
const DynamicListsPage = lazy(() => import('../features/dynamic/ListsPage'));
const ExitRulesPage = lazy(() => import('../features/dynamic/ExitRulesPage'));
const IncomePage = lazy(() => import('../features/dynamic/IncomePage'));

const VerificationTasksPage = lazy(() => import('../features/verification/TasksPage'));
const VisitPage = lazy(() => import('../features/verification/VisitPage'));
const VisitViewPage = lazy(() => import('../features/verification/VisitViewPage'));
const ReviewPage = lazy(() => import('../features/verification/ReviewPage'));
const ReviewListPage = lazy(() => import('../features/verification/ReviewListPage'));
const RecommendPage = lazy(() => import('../features/verification/RecommendPage'));
const SpotCheckListPage = lazy(() => import('../features/oversight/SpotCheckListPage'));
const SpotCheckDrawPage = lazy(() => import('../features/oversight/DrawPage'));
const SpotCheckPage = lazy(() => import('../features/oversight/SpotCheckPage'));
const FindingPage = lazy(() => import('../features/oversight/FindingPage'));
const AccountabilityPage = lazy(() => import('../features/oversight/AccountabilityPage'));

const AidProgramListPage = lazy(() => import('../features/aid/ProgramListPage'));
const AidProgramFormPage = lazy(() => import('../features/aid/ProgramFormPage'));
const AidProgramPage = lazy(() => import('../features/aid/ProgramPage'));
const AidApplyPage = lazy(() => import('../features/aid/ApplyPage'));
const AidAwardPage = lazy(() => import('../features/aid/AwardPage'));
const AidNoticeListPage = lazy(() => import('../features/aid/NoticeListPage'));
const AidNoticePage = lazy(() => import('../features/aid/NoticePage'));
const AidBatchListPage = lazy(() => import('../features/aid/BatchListPage'));
const AidBatchPage = lazy(() => import('../features/aid/BatchPage'));
const AidRecoveryListPage = lazy(() => import('../features/aid/RecoveryListPage'));
const AidRecoveryPage = lazy(() => import('../features/aid/RecoveryPage'));
const AidReportsPage = lazy(() => import('../features/aid/ReportsPage'));
const AidLedgerPage = lazy(() => import('../features/aid/LedgerPage'));
const MutualAidSimulatePage = lazy(() => import('../features/mutual-aid/SimulatePage'));
const MutualAidSchemesPage = lazy(() => import('../features/mutual-aid/SchemesPage'));
const MutualAidUnitsPage = lazy(() => import('../features/mutual-aid/UnitsPage'));
const MutualAidUnitPage = lazy(() => import('../features/mutual-aid/UnitPage'));
const MutualAidBillsPage = lazy(() => import('../features/mutual-aid/BillsPage'));
const MutualAidClaimsPage = lazy(() => import('../features/mutual-aid/ClaimsPage'));
const MutualAidClaimIntakePage = lazy(() => import('../features/mutual-aid/ClaimIntakePage'));
const MutualAidClaimPage = lazy(() => import('../features/mutual-aid/ClaimPage'));
const MutualAidStatsPage = lazy(() => import('../features/mutual-aid/StatsPage'));

const guard = (perm: Permission, element: ReactNode) => <RequirePerm perm={perm}>{element}</RequirePerm>;

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireAuth />,
    children: [
      // the phone form of a survey, without the desktop menu
      { path: 'surveys/:id/respond/:assignmentId', element: guard(Permission.SurveyRespond, <SurveyRespondShell />) },
      { path: 'surveys/:id/mine', element: guard(Permission.SurveyRespond, <SurveyRespondShell />) },
      // the investigator's visit form is a phone page: no desktop menu around it
      { path: 'verification/visit/:taskId', element: <Suspense fallback={<Spin style={{ display: 'block', margin: '40vh auto' }} />}>{guard(Permission.VerificationVisit, <VisitPage />)}</Suspense> },
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'orgs', element: guard(Permission.OrgRead, <OrgsPage />) },
          { path: 'users', element: guard(Permission.UserRead, <UsersPage />) },
          { path: 'audit', element: guard(Permission.AuditRead, <AuditPage />) },
          {
            path: 'registry',
            children: [
              { index: true, element: guard(Permission.RegistryRead, <HouseholdListPage />) },
              { path: 'new', element: guard(Permission.RegistryWrite, <HouseholdFormPage />) },
              { path: 'households/:id', element: guard(Permission.RegistryRead, <HouseholdPage />) },
              { path: 'households/:id/edit', element: guard(Permission.RegistryWrite, <HouseholdFormPage />) },
              { path: 'assess', element: guard(Permission.RegistryRead, <AssessPage />) },
              { path: 'dibao-lines', element: guard(Permission.RegistryRead, <DibaoLinesPage />) },
              { path: 'stats', element: guard(Permission.RegistryRead, <RegistryStatsPage />) },
              { path: 'import', element: guard(Permission.RegistryWrite, <ImportPage />) },
            ],
          },
          {
            path: 'dynamic',
            children: [
              { index: true, element: guard(Permission.RegistryRead, <AnnualReviewPage />) },
              { path: 'exits', element: guard(Permission.RegistryRead, <ExitsPage />) },
              { path: 'follow-ups', element: guard(Permission.RegistryRead, <FollowUpsPage />) },
              { path: 'lists', element: guard(Permission.RegistryRead, <DynamicListsPage />) },
              { path: 'exit-rules', element: guard(Permission.RegistryRead, <ExitRulesPage />) },
              { path: 'households/:id/income', element: guard(Permission.RegistryRead, <IncomePage />) },
            ],
          },
          {
            path: 'verification',
            children: [
              { index: true, element: guard(Permission.RegistryRead, <VerificationTasksPage />) },
              { path: 'visits/:id', element: guard(Permission.RegistryRead, <VisitViewPage />) },
              { path: 'reviews', element: guard(Permission.RegistryReview, <ReviewListPage />) },
              { path: 'review/:id', element: guard(Permission.RegistryRead, <ReviewPage />) },
              { path: 'recommend/:taskId', element: guard(Permission.VerificationVisit, <RecommendPage />) },
            ],
          },
          {
            path: 'oversight',
            children: [
              { index: true, element: guard(Permission.SpotCheckManage, <SpotCheckListPage />) },
              { path: 'new', element: guard(Permission.SpotCheckManage, <SpotCheckDrawPage />) },
              { path: 'spot-checks/:id', element: guard(Permission.SpotCheckManage, <SpotCheckPage />) },
              { path: 'findings/:id', element: guard(Permission.SpotCheckManage, <FindingPage />) },
              { path: 'accountability', element: guard(Permission.SpotCheckManage, <AccountabilityPage />) },
            ],
          },
          {
            path: 'surveys',
            children: [
              { index: true, element: guard(Permission.SurveyRespond, <SurveyListPage />) },
              { path: ':id', element: guard(Permission.SurveyRespond, <SurveyCampaignPage />) },
              { path: ':id/report', element: guard(Permission.SurveyManage, <SurveyReportPage />) },
            ],
          },
          {
            path: 'aid',
            children: [
              { index: true, element: guard(Permission.AidRead, <AidProgramListPage />) },
              { path: 'programs/new', element: guard(Permission.AidReview, <AidProgramFormPage />) },
              { path: 'programs/:id', element: guard(Permission.AidRead, <AidProgramPage />) },
              { path: 'programs/:id/edit', element: guard(Permission.AidReview, <AidProgramFormPage />) },
              { path: 'apply', element: guard(Permission.AidApply, <AidApplyPage />) },
              { path: 'awards/:id', element: guard(Permission.AidRead, <AidAwardPage />) },
              { path: 'notices', element: guard(Permission.AidRead, <AidNoticeListPage />) },
              { path: 'notices/:id', element: guard(Permission.AidRead, <AidNoticePage />) },
              { path: 'batches', element: guard(Permission.AidRead, <AidBatchListPage />) },
              { path: 'batches/:id', element: guard(Permission.AidRead, <AidBatchPage />) },
              { path: 'recoveries', element: guard(Permission.AidRead, <AidRecoveryListPage />) },
              { path: 'recoveries/:id', element: guard(Permission.AidRead, <AidRecoveryPage />) },
              { path: 'reports', element: guard(Permission.AidRead, <AidReportsPage />) },
              { path: 'ledger', element: guard(Permission.LedgerRead, <AidLedgerPage />) },
            ],
          },
          {
            path: 'mutual-aid',
            children: [
              { index: true, element: <Navigate to="/mutual-aid/simulate" replace /> },
              { path: 'simulate', element: guard(Permission.MutualAidRead, <MutualAidSimulatePage />) },
              { path: 'schemes', element: guard(Permission.MutualAidRead, <MutualAidSchemesPage />) },
              { path: 'units', element: guard(Permission.MutualAidRead, <MutualAidUnitsPage />) },
              { path: 'units/:id', element: guard(Permission.MutualAidRead, <MutualAidUnitPage />) },
              { path: 'bills', element: guard(Permission.MutualAidRead, <MutualAidBillsPage />) },
              { path: 'claims', element: guard(Permission.MutualAidRead, <MutualAidClaimsPage />) },
              { path: 'claims/new', element: guard(Permission.MutualAidEnrol, <MutualAidClaimIntakePage />) },
              { path: 'claims/:id', element: guard(Permission.MutualAidRead, <MutualAidClaimPage />) },
              { path: 'stats', element: guard(Permission.MutualAidRead, <MutualAidStatsPage />) },
            ],
          },
          ...MODULES.filter((m) => m.soon).map((m) => ({ path: m.path.slice(1), element: <ComingSoon module={m} /> })),
          { path: '403', element: <Forbidden /> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
