import { lazy, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router";
import { NotFoundPage } from "./components/NotFoundPage";
import { PageSpinner } from "./components/PageSpinner";
import { ActivitiesTab } from "./features/activities/pages/ActivitiesTab";
import { ActivityPage } from "./features/activities/pages/ActivityPage";
import { AdmissionQuotasTab } from "./features/admission-quotas/pages/QuotasTab";
import { AuditTab } from "./features/audit/pages/AuditTab";
import { RequireAuth } from "./features/auth/components/RequireAuth";
import { LoginPage } from "./features/auth/pages/LoginPage";
import { CadresTab } from "./features/cadres/pages/CadresTab";
import { MyContactLogsPage } from "./features/cadres/pages/MyContactLogsPage";
import { ApplicationPage } from "./features/development/pages/ApplicationPage";
import { DevelopmentTab } from "./features/development/pages/DevelopmentTab";
import { MeLayout } from "./features/me/components/MeLayout";
import { MY_APPLICATION_PATH } from "./features/me/me-paths";
import { MyActivitiesPage } from "./features/me/pages/MyActivitiesPage";
import { MyApplicationPage } from "./features/me/pages/MyApplicationPage";
import { MyRecordPage } from "./features/me/pages/MyRecordPage";
import { MyReviewPage } from "./features/me/pages/MyReviewPage";
import { ReviewsTab } from "./features/member-status/pages/ReviewsTab";
import { CreateMemberPage } from "./features/members/pages/CreateMemberPage";
import { EditMemberPage } from "./features/members/pages/EditMemberPage";
import { MemberDetailPage } from "./features/members/pages/MemberDetailPage";
import { MembersTab } from "./features/members/pages/MembersTab";
import { AnnualCycleTab } from "./features/organizational-life/annual/AnnualCycleTab";
import { EducationReviewPage } from "./features/organizational-life/annual/EducationReviewPage";
import { DuesTab } from "./features/organizational-life/pages/DuesTab";
import { MeetingPage } from "./features/organizational-life/pages/MeetingPage";
import { MeetingsTab } from "./features/organizational-life/pages/MeetingsTab";
import { MyDuesPage } from "./features/organizational-life/pages/MyDuesPage";
import { MyMeetingsPage } from "./features/organizational-life/pages/MyMeetingsPage";
import { SigninPage } from "./features/organizational-life/pages/SigninPage";
import { PartyRecommendationPage } from "./features/organizational-life/party-recommendation/PartyRecommendationPage";
import { StarRatingPage } from "./features/organizational-life/star-rating/StarRatingPage";
import { ChildrenTab } from "./features/organizations/pages/ChildrenTab";
import { OrganizationPage } from "./features/organizations/pages/OrganizationPage";
import { OverviewTab } from "./features/organizations/pages/OverviewTab";
import { EvaluationRoundPage } from "./features/plans/evaluation/EvaluationRoundPage";
import { EvaluationRoundsPage } from "./features/plans/evaluation/EvaluationRoundsPage";
import { PlanImportPage } from "./features/plans/import/PlanImportPage";
import { PlansTab } from "./features/plans/ledger/PlansTab";
import { PublicActivityPage } from "./features/public/pages/PublicActivityPage";
import { PublicCheckinPage } from "./features/public/pages/PublicCheckinPage";
import { PublicRatingPage } from "./features/public/pages/PublicRatingPage";
import { PublicSurveyPage } from "./features/public/pages/PublicSurveyPage";
import { ReviewScoringPage } from "./features/public/ReviewScoringPage";
import { ImportWizardPage } from "./features/registry/pages/ImportWizardPage";
import { OrganizationImportPage } from "./features/registry/pages/OrganizationImportPage";
import { AppLayout } from "./features/shell/components/AppLayout";
import { HomeRedirect } from "./features/shell/components/HomeRedirect";
import { SurveyPage } from "./features/surveys/pages/SurveyPage";
import { SurveysTab } from "./features/surveys/pages/SurveysTab";
import { TodosPage } from "./features/todos/pages/TodosPage";
import { MyTransferPage } from "./features/transfers/pages/MyTransferPage";
import { TransferPage } from "./features/transfers/pages/TransferPage";
import { TransfersTab } from "./features/transfers/pages/TransfersTab";
import { ChangePasswordPage } from "./features/users/pages/ChangePasswordPage";
import { UsersTab } from "./features/users/pages/UsersTab";
import { VolunteerShiftPage } from "./features/volunteers/pages/VolunteerShiftPage";
import { VolunteersTab } from "./features/volunteers/pages/VolunteersTab";
import { YouthHomePage } from "./features/youth-homes/pages/YouthHomePage";
import { YouthHomesTab } from "./features/youth-homes/pages/YouthHomesTab";

// ECharts is large: it loads with the first dashboard.
const DashboardTab = lazy(async () => ({
  default: (await import("./features/stats/pages/DashboardTab")).DashboardTab,
}));
const IndicatorsTab = lazy(async () => ({
  default: (await import("./features/indicators/pages/IndicatorsTab")).IndicatorsTab,
}));
const EnteredDataPage = lazy(async () => ({
  default: (await import("./features/indicators/pages/EnteredDataPage")).EnteredDataPage,
}));
const DataScreenPage = lazy(async () => ({
  default: (await import("./features/indicators/pages/DataScreenPage")).DataScreenPage,
}));
const PlanLedgerPage = lazy(async () => ({
  default: (await import("./features/plans/ledger/PlanLedgerPage")).PlanLedgerPage,
}));
const PlanComparisonPage = lazy(async () => ({
  default: (await import("./features/plans/comparison/PlanComparisonPage")).PlanComparisonPage,
}));

/**
 * /login                     sign in
 * /                          → /orgs/<scope root>; a member (role 团员 only) → /me/application
 * /todos                     the to-do inbox (待办) of the signed-in user, filtered by kind and organization
 * /orgs/:orgId               organization overview (概况)
 * /orgs/:orgId/children      child organizations (下级组织)
 * /orgs/:orgId/members       members of the subtree (成员), filtered, exported
 * /orgs/:orgId/members/new   new member in a branch (新增团员)
 * /orgs/:orgId/members/:memberId[?tab=]  a member: record, timeline, awards, attachments
 * /orgs/:orgId/members/:memberId/edit    edit the record
 * /orgs/:orgId/development   member development (发展团员): the pipeline board, registering, batch steps
 * /orgs/:orgId/development/applications/:applicationId  an application: timeline, points, its steps
 * /orgs/:orgId/transfers   organization transfers (组织关系转接): rates, work list by step and age, backlog, start
 * /orgs/:orgId/transfers/:transferId  a transfer: history, its steps (approve, return, withdraw)
 * /orgs/:orgId/cadres[?view=]  cadres (团干部): 配备率, profile, records, terms, training, 述职评议, deputies and liaison
 * /me/contact-logs           a cadre logs a grassroots visit from a phone (下基层)
 * /review/:token             the public 述职评议 scoring page of a one-time link (no account, phone first)
 * /orgs/:orgId/meetings    organizational life (组织生活): a branch's meetings by month, recording one; a committee's silent branches
 * /orgs/:orgId/meetings/:meetingId  a meeting: attendance, minutes, its QR sign-in
 * /orgs/:orgId/dues        dues (团费): a branch's month and batch entry, the .xlsx import, arrears and collection rate
 * /orgs/:orgId/annual?view=review|registration|recommendation|star-rating  年度工作: education review, registration, recommendation, star rating
 * /orgs/:orgId/education-reviews/:reviewId  a branch's education review: grades, submit, approve / return
 * /orgs/:orgId/party-recommendations/:recommendationId  推优入党: the meeting, the committee's review, the Party stages
 * /orgs/:orgId/star-ratings/:ratingId  a branch's star rating: scores per item, its steps (submit, review, return)
 * /me/review               my education-review grades and registrations (评议与注册)
 * /me/meetings, /me/dues, /me/signin/:token  my meetings; the phone sign-in page the QR code opens
 * /orgs/:orgId/quotas        admission quotas (发展名额): allot, reclaim, unused; 团学比 / 团青比
 * /me/application, /me/record, /me/transfer  the member's own pages, phone first (我的入团申请, 我的档案, 我的组织关系)
 * /orgs/:orgId/reviews[?list=] review work lists (待审核, 满28周岁, 脱团预警)
 * /orgs/:orgId/import        Excel import wizard (导入)
 * /orgs/:orgId/dashboard     statistics of the subtree (统计)
 * /orgs/:orgId/indicators[?asOf=&columns=&trend=]  indicators (指标): cards, children, drill-down, trend
 * /orgs/:orgId/indicators/data  entered data (填报数据): youth population, enrollment, eligible units
 * /screen/:organizationId    the data screen (数据大屏), full screen without the app's chrome
 * /orgs/:orgId/plans         reform plans (改革任务台账); /plans/import the import wizard
 * /orgs/:orgId/plans/:planId[?view=&dueSoon=&task=]  a plan's ledger, wall chart, task drawer
 * /orgs/:orgId/plans/evaluations[/:roundId]  evaluation rounds (第三方评估): sheet, scoring, results
 * /orgs/:orgId/plans/compare  the city view: each county's ledger side by side, ranked
 * /orgs/:orgId/youth-homes[/:homeId]  Youth Homes and service posts (青年之家与服务驿站): list, 五有, services, 摘牌
 * /orgs/:orgId/activities[/:activityId]  activities (青年活动): publish, sign-ups, the check-in QR code, photos
 * /orgs/:orgId/volunteers[/:shiftId]  volunteering (志愿服务): shifts, records, approval, certificates
 * /orgs/:orgId/surveys[/:surveyId]  surveys (问卷调查): builder, open/close, results and cross-tabs, export
 * /me/activities             the member's activities and volunteer hours (活动与志愿), phone first
 * /p/activities/:token[/rate], /p/checkin/:checkinToken, /p/surveys/:token  public pages, no account, 375 px
 * /orgs/:orgId/users         accounts of the subtree (账号管理): create, disable, roles, resets
 * /orgs/:orgId/audit         the audit log of the subtree (审计日志), filtered, exported
 * /password                  change one's password (修改密码); forced after a one-time password
 * anything else              404
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/p/activities/:token" element={<PublicActivityPage />} />
      <Route path="/p/activities/:token/rate" element={<PublicRatingPage />} />
      <Route path="/p/checkin/:checkinToken" element={<PublicCheckinPage />} />
      <Route path="/p/surveys/:token" element={<PublicSurveyPage />} />
      <Route path="/review/:token" element={<ReviewScoringPage />} />
      <Route
        path="/screen/:organizationId"
        element={
          <RequireAuth>
            <Suspense fallback={<PageSpinner />}>
              <DataScreenPage />
            </Suspense>
          </RequireAuth>
        }
      />
      <Route
        path="/me"
        element={
          <RequireAuth>
            <MeLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to={MY_APPLICATION_PATH} replace />} />
        <Route path="application" element={<MyApplicationPage />} />
        <Route path="record" element={<MyRecordPage />} />
        <Route path="transfer" element={<MyTransferPage />} />
        <Route path="activities" element={<MyActivitiesPage />} />
        <Route path="contact-logs" element={<MyContactLogsPage />} />
        <Route path="meetings" element={<MyMeetingsPage />} />
        <Route path="dues" element={<MyDuesPage />} />
        <Route path="review" element={<MyReviewPage />} />
        <Route path="signin/:token" element={<SigninPage />} />
      </Route>
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<HomeRedirect />} />
        <Route path="password" element={<ChangePasswordPage />} />
        <Route path="todos" element={<TodosPage />} />
        <Route path="orgs/:orgId" element={<OrganizationPage />}>
          <Route index element={<OverviewTab />} />
          <Route path="children" element={<ChildrenTab />} />
          <Route path="members" element={<MembersTab />} />
          <Route path="members/new" element={<CreateMemberPage />} />
          <Route path="members/:memberId" element={<MemberDetailPage />} />
          <Route path="members/:memberId/edit" element={<EditMemberPage />} />
          <Route path="development" element={<DevelopmentTab />} />
          <Route path="development/applications/:applicationId" element={<ApplicationPage />} />
          <Route path="transfers" element={<TransfersTab />} />
          <Route path="transfers/:transferId" element={<TransferPage />} />
          <Route path="cadres" element={<CadresTab />} />
          <Route path="meetings" element={<MeetingsTab />} />
          <Route path="meetings/:meetingId" element={<MeetingPage />} />
          <Route path="dues" element={<DuesTab />} />
          <Route path="annual" element={<AnnualCycleTab />} />
          <Route path="education-reviews/:reviewId" element={<EducationReviewPage />} />
          <Route path="party-recommendations/:recommendationId" element={<PartyRecommendationPage />} />
          <Route path="star-ratings/:ratingId" element={<StarRatingPage />} />
          <Route path="quotas" element={<AdmissionQuotasTab />} />
          <Route path="reviews" element={<ReviewsTab />} />
          <Route path="import" element={<ImportWizardPage />} />
          <Route path="import/organizations" element={<OrganizationImportPage />} />
          <Route path="dashboard" element={<DashboardTab />} />
          <Route path="indicators" element={<IndicatorsTab />} />
          <Route path="indicators/data" element={<EnteredDataPage />} />
          <Route path="plans" element={<PlansTab />} />
          <Route path="plans/import" element={<PlanImportPage />} />
          <Route path="plans/:planId" element={<PlanLedgerPage />} />
          <Route path="plans/evaluations" element={<EvaluationRoundsPage />} />
          <Route path="plans/evaluations/:roundId" element={<EvaluationRoundPage />} />
          <Route path="plans/compare" element={<PlanComparisonPage />} />
          <Route path="youth-homes" element={<YouthHomesTab />} />
          <Route path="youth-homes/:homeId" element={<YouthHomePage />} />
          <Route path="activities" element={<ActivitiesTab />} />
          <Route path="activities/:activityId" element={<ActivityPage />} />
          <Route path="volunteers" element={<VolunteersTab />} />
          <Route path="volunteers/:shiftId" element={<VolunteerShiftPage />} />
          <Route path="surveys" element={<SurveysTab />} />
          <Route path="surveys/:surveyId" element={<SurveyPage />} />
          <Route path="users" element={<UsersTab />} />
          <Route path="audit" element={<AuditTab />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
