//! What a resident (or someone acting for them) can do on their case: ask for a review,
//! withdraw, decline an involved customer's part in the review, name a representative and
//! add information.
//!
//! Each action is a server function that works as a plain form post without JavaScript: it
//! is authorised through [`crate::cases::guard::case_access`] (a case that is not yours
//! answers exactly like one that does not exist), runs the use case of
//! `service::customer` (which holds the rules and saves the choice with its timeline
//! entry), and sends the browser back to the case page. A refused answer goes back to the
//! form with what was typed.

use crate::error::AppError;
use leptos::prelude::*;

/// The limits of what the customer types (the domain's).
pub use domain::lifecycle::customer::{
    INFORMATION_MAX_CHARS, REASON_MAX_CHARS, REPRESENTATIVE_MAX_CHARS,
};

/// Which state a case must be in for each of the customer's own actions: the domain's
/// rules, shared by the server functions and the case page.
#[cfg(feature = "ssr")]
pub(crate) use domain::lifecycle::customer as rules;

#[cfg(feature = "ssr")]
pub(crate) mod run {
    //! The steps every action shares.

    use crate::cases::guard::{self, CaseAccess};
    use crate::error::AppError;
    use crate::state::AppState;
    use chrono::{DateTime, Utc};
    use domain::access::Action;
    use domain::lifecycle::steps::StepInput;
    use storage::cases::StoredCase;

    /// A case the signed-in person may act on, as read now.
    pub struct Acting {
        pub access: CaseAccess,
        pub state: AppState,
        pub stored: StoredCase,
        case: service::steps::OnCase,
        pub now: DateTime<Utc>,
    }

    impl Acting {
        pub async fn start(reference: &str, action: Action) -> Result<Self, AppError> {
            Self::with(guard::case_access(reference, action).await?).await
        }

        /// [`Acting::start`] for a choice the customer makes in their own name on their
        /// pages; staff record the same request through the case's steps.
        pub async fn start_in_own_name(reference: &str, action: Action) -> Result<Self, AppError> {
            Self::with(guard::case_access_in_own_name(reference, action).await?).await
        }

        async fn with(access: CaseAccess) -> Result<Self, AppError> {
            let scope = crate::state::scope()?;
            let case = service::steps::OnCase::read(scope.ctx(), &access.reached).await?;
            Ok(Self {
                access,
                state: scope.state,
                stored: case.stored.clone(),
                case,
                now: scope.now,
            })
        }

        /// What the service's step recording needs of this person and case.
        pub fn on_case(&self) -> service::steps::OnCase {
            self.case.clone()
        }

        /// What the customer would see if the step `input` were taken with `note`: the new
        /// lines on their case page and the letter it would issue, written exactly as they
        /// would be, with nothing saved (the step is taken on a copy of the case). Refused
        /// as the step itself would be.
        pub async fn preview(
            &self,
            input: StepInput,
            note: Option<String>,
            understanding: Option<String>,
            field_of: FieldOf,
        ) -> Result<crate::letters::CustomerPreview, AppError> {
            let calendar = self.state.calendar.current();
            let ctx = self.state.context(&calendar, self.now);
            let caller = service::Caller::person(&self.access.account);
            let step = service::steps::Transition {
                input,
                note,
                understanding,
                field_of,
            };
            let previewed = service::steps::preview(ctx, &caller, &self.on_case(), step)?;
            customer_preview(
                &self.state,
                previewed,
                &self.access.account.display_name,
                self.now,
            )
            .await
        }

        /// Back to the case page, which shows what changed.
        pub fn back_to_case(&self) {
            leptos_axum::redirect(&format!("/cases/{}", self.stored.reference));
        }
    }

    /// What the customer would see of a step taken on a copy of the case
    /// (`service::steps::customer_sees`), as the preview shows it.
    pub async fn customer_preview(
        state: &AppState,
        previewed: Option<Box<service::steps::Previewed>>,
        signed_by: &str,
        now: DateTime<Utc>,
    ) -> Result<crate::letters::CustomerPreview, AppError> {
        let calendar = state.calendar.current();
        let sees =
            service::steps::customer_sees(state.context(&calendar, now), previewed, signed_by)
                .await?;
        Ok(shown(sees, now))
    }

    /// The customer's view of a step, as the preview page writes it.
    pub fn shown(
        sees: service::steps::CustomerSees,
        now: DateTime<Utc>,
    ) -> crate::letters::CustomerPreview {
        let when = crate::staff::read::when(now);
        crate::letters::CustomerPreview {
            on_their_page: sees
                .on_their_page
                .into_iter()
                .map(|item| crate::cases::TimelineLine {
                    when: when.clone(),
                    text: item.summary(),
                    detail: item.detail(),
                    by: None,
                })
                .collect(),
            letter: sees.letter.map(|issued| crate::letters::LetterPreview {
                dated: domain::deadlines::long_date(issued.letter.dated),
                large_print: issued.large_print,
                emailed_to: issued.to.map(|to| to.email),
                letter: issued.letter,
            }),
        }
    }

    /// Which field a transition's refusal belongs next to (`None`: the step as a whole).
    pub use service::steps::FieldOf;
}

/// Runs the customer's choice `$use_case` (a function of `service::customer`) on the case
/// `$reference` for the signed-in person, authorised by `$guard` with `$action` (a case
/// that is not theirs answers exactly like one that does not exist), then back to the
/// case page.
#[cfg(feature = "ssr")]
macro_rules! customer_choice {
    ($guard:ident, $reference:expr, $action:ident, $use_case:ident $(, $arg:expr)*) => {{
        let acting =
            run::Acting::$guard($reference, domain::access::Action::$action).await?;
        let calendar = acting.state.calendar.current();
        let ctx = acting.state.context(&calendar, acting.now);
        let caller = service::Caller::person(&acting.access.account);
        service::customer::$use_case(ctx, &caller, acting.on_case() $(, $arg)*).await?;
        acting.back_to_case();
        Ok(())
    }};
}

/// Asks for a Stage 2 review of a complaint answered at Stage 1. No reason is needed.
#[server(endpoint = "ask_for_review")]
pub async fn ask_for_review(reference: String, version: i32) -> Result<(), AppError> {
    customer_choice!(
        start_in_own_name,
        &reference,
        RequestReview,
        ask_for_review,
        version
    )
}

/// Withdraws a complaint or service request, with the customer's reason if they gave one.
#[server(endpoint = "withdraw_case")]
pub async fn withdraw_case(
    reference: String,
    version: i32,
    #[server(default)] reason: Option<String>,
) -> Result<(), AppError> {
    let typed = crate::refusal::Typed::new(&[("reason", reason.as_deref())]);
    let result: Result<(), AppError> = async {
        customer_choice!(
            start_in_own_name,
            &reference,
            Withdraw,
            withdraw,
            version,
            reason
        )
    }
    .await;
    typed.keep_on_refusal(
        "/cases",
        &reference,
        "/withdraw",
        <WithdrawCase as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

/// Records that the resident does not want an involved customer (a tenant panel member)
/// to take part in their review; any panel member already invited loses access at once.
#[server(endpoint = "decline_involvement")]
pub async fn decline_involvement(reference: String, version: i32) -> Result<(), AppError> {
    customer_choice!(
        start_in_own_name,
        &reference,
        DeclineInvolvement,
        decline_involvement,
        version
    )
}

/// Takes back the customer's withdrawal while the domain allows it: the case returns to
/// where it was, and its handler finds it on their queue again.
#[server(endpoint = "take_back_withdrawal")]
pub async fn take_back_withdrawal(reference: String, version: i32) -> Result<(), AppError> {
    customer_choice!(
        start_in_own_name,
        &reference,
        Withdraw,
        take_back_withdrawal,
        version
    )
}

/// Takes back the resident's "no" to an involved customer: one may be invited again.
#[server(endpoint = "take_back_decline")]
pub async fn take_back_decline(reference: String, version: i32) -> Result<(), AppError> {
    customer_choice!(
        start_in_own_name,
        &reference,
        DeclineInvolvement,
        take_back_decline,
        version
    )
}

/// Names someone to act for the customer. They can see and act on the case once we have
/// confirmed their authority.
#[server(endpoint = "name_representative")]
pub async fn name_representative(
    reference: String,
    name: String,
    #[server(default)] relationship: Option<String>,
    #[server(default)] contact: Option<String>,
) -> Result<(), AppError> {
    let typed = crate::refusal::Typed::new(&[
        ("name", Some(name.as_str())),
        ("relationship", relationship.as_deref()),
        ("contact", contact.as_deref()),
    ]);
    let fields = service::customer::RepresentativeFields {
        name: Some(name),
        relationship,
        contact,
    };
    let result: Result<(), AppError> = async {
        customer_choice!(
            start,
            &reference,
            AuthoriseRepresentative,
            name_representative,
            fields
        )
    }
    .await;
    typed.keep_on_refusal(
        "/cases",
        &reference,
        "",
        <NameRepresentative as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}

/// Adds more information to the case's timeline. It changes nothing else on the case, so no
/// version is needed.
#[server(endpoint = "add_information")]
pub async fn add_information(reference: String, text: String) -> Result<(), AppError> {
    let typed = crate::refusal::Typed::new(&[("text", Some(text.as_str()))]);
    let result: Result<(), AppError> = async {
        customer_choice!(
            start,
            &reference,
            AddInformation,
            add_information,
            Some(text)
        )
    }
    .await;
    typed.keep_on_refusal(
        "/cases",
        &reference,
        "",
        <AddInformation as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}
