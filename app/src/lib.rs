//! Putright's user interface: Leptos components and the server functions behind them.
//!
//! Compiled twice and never with both features: with `ssr` into the server (pages rendered to
//! HTML, server functions run against storage) and with `hydrate` into the browser bundle
//! (the same components take over the page). Rules come from `domain`; storage is reached
//! only through the `storage` crate's repositories, and only on the server.
#![forbid(unsafe_code)]

pub mod accounts;
pub mod api;
pub mod api_clients;
pub mod auth;
pub mod calendar;
pub mod case_actions;
pub mod case_views;
pub mod cases;
#[cfg(feature = "ssr")]
pub mod clock;
pub mod components;
pub mod continuity;
pub mod corrections;
pub mod error;
pub mod files;
pub mod homes;
pub mod import;
pub mod landlord;
pub mod learning;
pub mod letter_wording;
pub mod letters;
pub mod make;
pub mod outbox;
pub mod pages;
pub mod panel;
pub mod policies;
pub mod redaction;
#[cfg(feature = "ssr")]
mod refusal;
pub mod reports;
pub mod restrictions;
pub mod retention;
pub mod root_causes;
pub mod second_factor;
pub mod self_assessment;
#[cfg(feature = "ssr")]
mod shell;
pub mod staff;
pub mod staff_accounts;
#[cfg(feature = "ssr")]
pub mod state;
pub mod triage;
pub mod updates;
pub mod webhooks;
pub mod worklist;
pub mod your_data;

#[cfg(feature = "ssr")]
pub use shell::{AssetLinks, shell};

use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// Signing in and out, shared by the header and the sign-in page: the viewer is read again
/// whenever either action completes.
#[derive(Clone, Copy)]
pub struct AuthContext {
    pub sign_in: ServerAction<auth::SignIn>,
    pub sign_out: ServerAction<auth::SignOut>,
    /// The second factor after the password, and setting one up.
    pub enter_code: ServerAction<second_factor::EnterSecondFactor>,
    pub set_up: ServerAction<second_factor::ConfirmSecondFactor>,
    /// A link to set a password, which signs a new resident in.
    pub reset: ServerAction<accounts::ResetPassword>,
    pub viewer: Resource<Result<Option<auth::Viewer>, error::AppError>>,
}

/// The whole application: the router and its pages.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let sign_in = ServerAction::<auth::SignIn>::new();
    let sign_out = ServerAction::<auth::SignOut>::new();
    let enter_code = ServerAction::<second_factor::EnterSecondFactor>::new();
    let set_up = ServerAction::<second_factor::ConfirmSecondFactor>::new();
    let reset = ServerAction::<accounts::ResetPassword>::new();
    // Whoever is signed in may change with any of these.
    let viewer = Resource::new(
        move || {
            (
                sign_in.version().get(),
                sign_out.version().get(),
                enter_code.version().get(),
                set_up.version().get(),
                reset.version().get(),
            )
        },
        |_| auth::current_viewer(),
    );
    provide_context(AuthContext {
        sign_in,
        sign_out,
        enter_code,
        set_up,
        reset,
        viewer,
    });

    view! {
        <Title formatter=|text: String| format!("{text} – Putright") />
        <Router>
            <components::SkipLink />
            <components::Header />
            <div class="width-container">
                <main id="main-content" class="main" tabindex="-1">
                    <pages::continuity::ServiceNoticeBanner />
                    <Routes fallback=pages::not_found::NotFound>
                        // In-order streaming: every part of the page, the header's account
                        // area included, arrives as HTML, so it works without JavaScript.
                        <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::InOrder />
                        <Route
                            path=path!("/sign-in")
                            view=pages::sign_in::SignInPage
                            ssr=SsrMode::InOrder
                        />
                        <Route
                            path=path!("/sign-in/code")
                            view=pages::second_factor::EnterCodePage
                            ssr=SsrMode::InOrder
                        />
                        <Route
                            path=path!("/sign-in/set-up")
                            view=pages::second_factor::SetUpPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/account/recovery-codes")
                            view=pages::second_factor::RecoveryCodesPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/forgotten-password")
                            view=pages::forgotten_password::ForgottenPasswordPage
                            ssr=SsrMode::InOrder
                        />
                        <Route
                            path=path!("/reset-password/:token")
                            view=pages::reset_password::ResetPasswordPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/account/password")
                            view=pages::change_password::ChangePasswordPage
                            ssr=SsrMode::InOrder
                        />
                        <Route
                            path=path!("/register")
                            view=pages::register::RegisterPage
                            ssr=SsrMode::InOrder
                        />
                        <Route
                            path=path!("/make")
                            view=pages::make::MakePage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/make/check")
                            view=pages::check::CheckPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/cases")
                            view=pages::my_cases::MyCasesPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/cases/:reference")
                            view=pages::my_cases::CasePage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/cases/:reference/withdraw")
                            view=pages::case_confirm::WithdrawPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/cases/:reference/decline-involvement")
                            view=pages::case_confirm::DeclineInvolvementPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/cases/:reference")
                            view=pages::staff_case::StaffCasePage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/cases/:reference/updates")
                            view=pages::updates::UpdatesPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/cases/:reference/priority")
                            view=pages::priority::PriorityPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/cases/:reference/retention")
                            view=pages::retention::CaseRetentionPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/cases/:reference/:step")
                            view=pages::staff_case::StepPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/case-views/:reference")
                            view=pages::case_views::CaseViewsPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff")
                            view=pages::dashboard::DashboardPage
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/reports") view=pages::reports::ReportsPage ssr=SsrMode::Async />
                        <Route path=path!("/reports/annual") view=pages::annual_report::AnnualReportPage ssr=SsrMode::Async />
                        <Route path=path!("/reports/self-assessment") view=pages::self_assessment::SelfAssessmentPage ssr=SsrMode::Async />
                        <Route path=path!("/reports/self-assessment/answer") view=pages::self_assessment::AnswerPage ssr=SsrMode::Async />
                        <Route path=path!("/self-assessment") view=pages::self_assessment::PublishedPage ssr=SsrMode::Async />
                        <Route path=path!("/learning") view=pages::learning::LearningPage ssr=SsrMode::Async />
                        <Route path=path!("/learning/actions/:id") view=pages::learning_action::LearningActionPage ssr=SsrMode::Async />
                        <Route path=path!("/staff/customers/:id/restriction") view=pages::restriction::RestrictionPage ssr=SsrMode::Async />
                        <Route path=path!("/staff/customers/:id/vulnerability") view=pages::vulnerability::VulnerabilityPage ssr=SsrMode::Async />
                        <Route path=path!("/staff/customers/:id/details") view=pages::details::DetailsPage ssr=SsrMode::Async />
                        <Route path=path!("/staff/customers/:id/data") view=pages::subject_access::SubjectAccessPage ssr=SsrMode::Async />
                        <Route path=path!("/staff/customers/:id/adjustments") view=pages::adjustments::AdjustmentsPage ssr=SsrMode::Async />
                        <Route path=path!("/admin") view=pages::admin_hub::AdminHubPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/homes") view=pages::homes::HomesPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/calendar") view=pages::calendar::CalendarPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/calendar/closure-day") view=pages::calendar::ClosureDayPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/continuity") view=pages::continuity::ContinuityPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/landlord") view=pages::landlord::LandlordPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/ombudsman") view=pages::ombudsman_details::OmbudsmanDetailsPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/policies") view=pages::policies::PoliciesPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/root-causes") view=pages::root_causes::RootCausesPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/root-causes/:id") view=pages::root_causes::RootCausePage ssr=SsrMode::Async />
                        <Route path=path!("/admin/retention") view=pages::retention::RetentionPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/letters") view=pages::letter_wording::LetterWordingsPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/letters/:kind") view=pages::letter_wording::LetterWordingPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/import") view=pages::import::ImportPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/outbox") view=pages::outbox::OutboxPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/staff") view=pages::staff_accounts::StaffAccountsPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/accounts") view=pages::accounts::AccountsPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/accounts/:id") view=pages::accounts::AccountPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/api-clients") view=pages::api_clients::ApiClientsPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/api-clients/:id") view=pages::api_clients::ApiClientPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/webhooks") view=pages::webhooks::WebhooksPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/webhooks/:id") view=pages::webhooks::WebhookPage ssr=SsrMode::Async />
                        <Route
                            path=path!("/letters/:id")
                            view=pages::letter::LetterPage
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/panel") view=pages::panel::PanelPage ssr=SsrMode::Async />
                        <Route
                            path=path!("/panel/:reference")
                            view=pages::panel::ReviewFilePage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/redaction/:reference")
                            view=pages::redaction::RedactionPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/staff/panel-members")
                            view=pages::panel_members::PanelMembersPage
                            ssr=SsrMode::Async
                        />
                        // Rendered whole before sending, so a missing case can answer 404.
                        <Route
                            path=path!("/track/:token")
                            view=pages::track::TrackPage
                            ssr=SsrMode::Async
                        />
                    </Routes>
                </main>
            </div>
            <components::Footer />
        </Router>
    }
}
