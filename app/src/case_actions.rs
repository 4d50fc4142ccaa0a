//! What a resident (or someone acting for them) can do on their case: ask for a review,
//! withdraw, decline an involved customer's part in the review, name a representative and
//! add information.
//!
//! Each action is a server function that works as a plain form post without JavaScript: it
//! is authorised through [`crate::cases::guard::case_access`] (a case that is not yours
//! answers exactly like one that does not exist), applies the domain's transition, saves it
//! with its timeline entry, and sends the browser back to the case page. The actions that
//! change the case's state name the version the page read: if someone saved the case since,
//! nothing is written and the answer is [`AppError::Stale`]. A transition the procedure
//! refuses at this moment answers a validation error on the field `action`, carrying the
//! domain's own message.
//!
//! Rules we chose where SPEC is silent (the case page shows only what these allow):
//! - a representative may be named on a complaint or service request that has not been
//!   withdrawn (a compliment needs nobody to act for it);
//! - information may be added to any case that has not been withdrawn, including one with
//!   the Housing Ombudsman (it changes nothing we decided, and may matter to them);
//! - a withdrawal reason is optional and kept as the note of the timeline entry.

use crate::error::AppError;
use leptos::prelude::*;

/// The most characters of added information we keep in one entry.
pub const INFORMATION_MAX_CHARS: usize = 5000;
/// The most characters of a representative's name, relationship or contact details.
pub const REPRESENTATIVE_MAX_CHARS: usize = 200;
/// The most characters of a reason for withdrawing (the domain's limit for any reason).
pub const REASON_MAX_CHARS: usize = domain::lifecycle::RecordedReason::MAX_CHARS;

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
    use domain::lifecycle::steps::{self, StepInput, StepRefused};
    use domain::{Event, TimelineItem, TransitionError};
    use storage::cases::{StoredCase, Who};

    /// A case the signed-in person may act on, as read now.
    pub struct Acting {
        pub access: CaseAccess,
        pub state: AppState,
        pub stored: StoredCase,
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
            let state = crate::state::app_state()?;
            let stored =
                storage::cases::load(&state.db, access.id, &state.calendar.current()).await?;
            let now = state.clock.now();
            Ok(Self {
                access,
                state,
                stored,
                now,
            })
        }

        /// Refuses at once if the case changed since the page read `version`: the person
        /// decided on what they saw.
        pub fn at_version(self, version: i32) -> Result<Self, AppError> {
            if self.stored.version == version {
                Ok(self)
            } else {
                Err(AppError::Stale)
            }
        }

        pub fn who(&self) -> Who {
            let account = &self.access.account;
            Who::account(account.id, account.role, &account.display_name)
        }

        /// Saves the changed case with the transition's timeline entry.
        pub async fn save(
            &self,
            version: i32,
            event: Event,
            note: Option<String>,
        ) -> Result<(), AppError> {
            let entry = (self.who(), TimelineItem::Transition { event, note });
            storage::cases::save(
                &self.state.db,
                self.access.id,
                version,
                &self.stored.case,
                &[entry],
                self.now,
                &self.state.calendar.current(),
            )
            .await?;
            Ok(())
        }

        /// Takes a step through the domain's step table (the permission, independence, then
        /// the case's transition), saves its event with `note`, and issues the letter the
        /// event sends (`understanding` quoted in it). `Ok(None)` when the step changes
        /// nothing in the case's life (a contact on a service request).
        pub async fn take(
            &mut self,
            version: i32,
            input: StepInput,
            note: Option<String>,
            understanding: Option<String>,
            field_of: FieldOf,
        ) -> Result<Option<Event>, AppError> {
            let today = domain::london::to_london(self.now).date();
            let me = self.access.actor.clone();
            let relation = self.access.relation;
            let calendar = self.state.calendar.current();
            let Some(event) = steps::take(
                &mut self.stored.case,
                &me,
                &relation,
                input,
                today,
                &calendar,
            )
            .map_err(|e| refusal(e, field_of))?
            else {
                return Ok(None);
            };
            // The letter is written from the case as the step left it, then kept with the
            // step: the state, the timeline, the letter and its e-mail in one transaction.
            let mut entries = vec![(
                self.who(),
                TimelineItem::Transition {
                    event: event.clone(),
                    note,
                },
            )];
            let mut letters = Vec::new();
            if let Some(kind) = steps::letter_for(&event) {
                let (mut letter, delivery) = crate::letters::compose(
                    &self.state,
                    &self.stored,
                    kind,
                    &self.access.account.display_name,
                    understanding,
                    steps::remedy_of(&event),
                    self.now,
                )
                .await?;
                if delivery.phone_call {
                    // Kept on the case all the same; the stage's owner (else whoever took
                    // the step) rings to go through it: a call on their work queue.
                    let owner = self
                        .stored
                        .case
                        .as_complaint()
                        .and_then(|c| c.stage_owner())
                        .and_then(|u| u.as_str().parse::<i32>().ok())
                        .unwrap_or(self.access.account.id);
                    letter.call = Some(storage::calls::CallFor { owner: Some(owner) });
                    entries.push((
                        self.who(),
                        TimelineItem::Note {
                            text: format!(
                                "Phone the customer to go through the letter “{}”, as they asked to be phoned.",
                                letter.letter.subject
                            ),
                        },
                    ));
                }
                letters.push((self.who(), letter));
            }
            let writes = storage::cases::StepWrites {
                entries: &entries,
                letters: &letters,
            };
            storage::cases::save_step(
                &self.state.db,
                self.access.id,
                version,
                &self.stored.case,
                &writes,
                self.now,
                &self.state.calendar.current(),
            )
            .await?;
            Ok(Some(event))
        }

        /// What the customer would see if [`Acting::take`] took `input` with `note`: the new
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
            let today = domain::london::to_london(self.now).date();
            let mut after = self.stored.clone();
            let Some(event) = steps::take(
                &mut after.case,
                &self.access.actor,
                &self.access.relation,
                input,
                today,
                &self.state.calendar.current(),
            )
            .map_err(|e| refusal(e, field_of))?
            else {
                return Ok(crate::letters::CustomerPreview::default());
            };
            customer_preview(
                &self.state,
                &after,
                event,
                note,
                understanding,
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

    /// What the customer would see of `event`, just taken on `after` (a copy of the case):
    /// the lines it adds to their case page and the letter it sends, signed by `signed_by`.
    pub async fn customer_preview(
        state: &AppState,
        after: &StoredCase,
        event: Event,
        note: Option<String>,
        understanding: Option<String>,
        signed_by: &str,
        now: DateTime<Utc>,
    ) -> Result<crate::letters::CustomerPreview, AppError> {
        let mut preview = crate::letters::CustomerPreview::default();
        let when = crate::staff::read::when(now);
        let mut seen = vec![TimelineItem::Transition {
            event: event.clone(),
            note,
        }];
        if let Some(kind) = steps::letter_for(&event) {
            let (issued, _) = crate::letters::compose(
                state,
                after,
                kind,
                signed_by,
                understanding,
                steps::remedy_of(&event),
                now,
            )
            .await?;
            seen.push(TimelineItem::LetterIssued {
                subject: issued.letter.subject.clone(),
            });
            preview.letter = Some(crate::letters::LetterPreview {
                dated: domain::deadlines::long_date(issued.letter.dated),
                large_print: issued.large_print,
                emailed_to: issued.to.map(|to| to.email),
                letter: issued.letter,
            });
        }
        preview.on_their_page = seen
            .into_iter()
            .filter(TimelineItem::customer_visible)
            .map(|item| crate::cases::TimelineLine {
                when: when.clone(),
                text: item.summary(),
                detail: item.detail(),
                by: None,
            })
            .collect();
        Ok(preview)
    }

    /// The Stage 2 outcome the reviewer wrote for sign-off (or, with `written`, is writing
    /// now), as the customer would get it if the reviewer sent it today, signed by them:
    /// `None` while none is written.
    pub async fn outcome_to_agree(
        state: &AppState,
        stored: &StoredCase,
        written: Option<domain::lifecycle::StageResponse>,
    ) -> Result<Option<crate::letters::CustomerPreview>, AppError> {
        let Some(complaint) = stored.case.as_complaint() else {
            return Ok(None);
        };
        let (Some(proposed), Some(reviewer)) = (
            written.or_else(|| complaint.stage2().and_then(|r| r.proposed.clone())),
            complaint.stage2().and_then(|r| r.owner.clone()),
        ) else {
            return Ok(None);
        };
        if complaint.current_stage() != Some(domain::policy::Stage::Two) {
            return Ok(None);
        }
        let now = state.clock.now();
        let today = domain::london::to_london(now).date();
        let reviewer_name = match reviewer.as_str().parse::<i32>() {
            Ok(id) => storage::accounts::find(&state.db, id)
                .await?
                .map(|a| a.display_name),
            Err(_) => None,
        }
        .unwrap_or_else(|| "The reviewer".to_owned());
        let mut after = stored.clone();
        let domain::Case::Complaint(c) = &mut after.case else {
            return Ok(None);
        };
        let reviewer = domain::Actor::new(reviewer.as_str(), domain::Role::ComplaintsManager);
        if c.stage2().and_then(|r| r.proposed.as_ref()) != Some(&proposed) {
            c.propose_outcome(&reviewer, proposed.clone())
                .map_err(refused)?;
        }
        if c.stage2().is_some_and(|r| r.signed_off.is_none()) {
            // As if signed off today: the letter is the same either way.
            let head = domain::Actor::new("head-of-service", domain::Role::HeadOfService);
            c.sign_off(&head, today).map_err(refused)?;
        }
        let event = c.respond(&reviewer, today, proposed).map_err(refused)?;
        customer_preview(state, &after, event, None, None, &reviewer_name, now)
            .await
            .map(Some)
    }

    /// The procedure does not allow this now: the domain says why.
    pub fn refused(error: TransitionError) -> AppError {
        AppError::validation("action", error)
    }

    /// Which field a transition's refusal belongs next to (`None`: the step as a whole).
    pub type FieldOf = fn(&TransitionError) -> Option<&'static str>;

    /// A refusal from the step table, as the person sees it.
    pub fn refusal(e: StepRefused, field_of: FieldOf) -> AppError {
        match e {
            StepRefused::Denied(_) => AppError::Forbidden,
            StepRefused::Transition(e) => match field_of(&e) {
                Some(field) => AppError::validation(field, e),
                None => refused(e),
            },
            StepRefused::WrongKind => AppError::validation("action", StepRefused::WrongKind),
        }
    }

    /// Optional text: trimmed, and `None` when blank.
    pub fn optional(text: Option<String>) -> Option<String> {
        text.map(|t| domain::text::paragraphs(&t))
            .filter(|t| !t.is_empty())
    }

    /// Checks an optional field's length.
    /// Text that must be given: trimmed, refused at `field` with `empty` when blank and
    /// with `too_long` past `max` characters.
    pub fn required(
        field: &str,
        text: Option<String>,
        max: usize,
        empty: &str,
        too_long: &str,
    ) -> Result<String, AppError> {
        at_most(field, text, max, too_long)?.ok_or_else(|| AppError::validation(field, empty))
    }

    pub fn at_most(
        field: &str,
        text: Option<String>,
        max: usize,
        message: &str,
    ) -> Result<Option<String>, AppError> {
        match optional(text) {
            Some(t) if t.chars().count() > max => Err(AppError::validation(field, message)),
            other => Ok(other),
        }
    }
}

/// Asks for a Stage 2 review of a complaint answered at Stage 1. No reason is needed.
#[server(endpoint = "ask_for_review")]
pub async fn ask_for_review(reference: String, version: i32) -> Result<(), AppError> {
    use domain::access::Action;
    let mut acting = run::Acting::start_in_own_name(&reference, Action::RequestReview)
        .await?
        .at_version(version)?;
    let domain::Case::Complaint(complaint) = &mut acting.stored.case else {
        return Err(AppError::validation(
            "action",
            "Only a complaint can be reviewed: contact us if you are unhappy with how we dealt with this",
        ));
    };
    let policy = complaint.policy();
    // The request counts as received now: Stage 2's day 0 follows the usual convention.
    let receipt =
        domain::Receipt::new(acting.now, policy.cut_off, &acting.state.calendar.current());
    let input = domain::lifecycle::steps::StepInput::RecordReview { receipt };
    acting.take(version, input, None, None, |_| None).await?;
    tracing::info!(user = acting.access.account.id, %reference, "review requested");
    acting.back_to_case();
    Ok(())
}

/// Withdraws a complaint or service request, with the customer's reason if they gave one.
#[server(endpoint = "withdraw_case")]
pub async fn withdraw_case(
    reference: String,
    version: i32,
    #[server(default)] reason: Option<String>,
) -> Result<(), AppError> {
    use domain::access::Action;
    let typed = crate::refusal::Typed::new(&[("reason", reason.as_deref())]);
    let result = async {
        let mut acting = run::Acting::start_in_own_name(&reference, Action::Withdraw)
            .await?
            .at_version(version)?;
        let reason = run::at_most(
            "reason",
            reason,
            REASON_MAX_CHARS,
            "Keep your reason to 2,000 characters or fewer",
        )?;
        if matches!(acting.stored.case, domain::Case::Compliment(_)) {
            return Err(AppError::validation(
                "action",
                "A compliment cannot be withdrawn: we have passed it on with our thanks",
            ));
        }
        let on = domain::london::to_london(acting.now).date();
        let input = domain::lifecycle::steps::StepInput::Withdraw { on };
        acting.take(version, input, reason, None, |_| None).await?;
        tracing::info!(user = acting.access.account.id, %reference, "withdrawn");
        acting.back_to_case();
        Ok(())
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
    use domain::access::Action;
    use storage::invitations::{self, InvitationState};
    let mut acting = run::Acting::start_in_own_name(&reference, Action::DeclineInvolvement)
        .await?
        .at_version(version)?;
    let domain::Case::Complaint(complaint) = &mut acting.stored.case else {
        return Err(AppError::validation(
            "action",
            "Involved customers only take part in complaint reviews",
        ));
    };
    let event = complaint.decline_involvement().map_err(run::refused)?;
    acting.save(version, event, None).await?;
    let closed = invitations::close_open(
        &acting.state.db,
        acting.access.id,
        InvitationState::Withdrawn,
        acting.now,
    )
    .await?;
    tracing::info!(
        user = acting.access.account.id,
        %reference,
        invitations_withdrawn = closed,
        "involvement declined"
    );
    acting.back_to_case();
    Ok(())
}

/// Takes back the customer's withdrawal while [`rules::take_back_withdrawal`] allows it:
/// the case returns to where it was, and its handler finds it on their queue again.
#[server(endpoint = "take_back_withdrawal")]
pub async fn take_back_withdrawal(reference: String, version: i32) -> Result<(), AppError> {
    use domain::access::Action;
    let mut acting = run::Acting::start_in_own_name(&reference, Action::Withdraw)
        .await?
        .at_version(version)?;
    let today = domain::london::to_london(acting.now).date();
    let calendar = acting.state.calendar.current();
    let event = rules::withdrawal_taken_back(&mut acting.stored.case, today, &calendar)
        .map_err(run::refused)?;
    acting.save(version, event, None).await?;
    tracing::info!(user = acting.access.account.id, %reference, "withdrawal taken back");
    acting.back_to_case();
    Ok(())
}

/// Takes back the resident's "no" to an involved customer: one may be invited again.
#[server(endpoint = "take_back_decline")]
pub async fn take_back_decline(reference: String, version: i32) -> Result<(), AppError> {
    use domain::access::Action;
    let mut acting = run::Acting::start_in_own_name(&reference, Action::DeclineInvolvement)
        .await?
        .at_version(version)?;
    let domain::Case::Complaint(complaint) = &mut acting.stored.case else {
        return Err(run::refused(domain::TransitionError::NothingToTakeBack));
    };
    let event = complaint.take_back_decline().map_err(run::refused)?;
    acting.save(version, event, None).await?;
    tracing::info!(user = acting.access.account.id, %reference, "involvement decline taken back");
    acting.back_to_case();
    Ok(())
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
    use domain::access::Action;
    use storage::representatives::{self, NewRepresentative};
    let typed = crate::refusal::Typed::new(&[
        ("name", Some(name.as_str())),
        ("relationship", relationship.as_deref()),
        ("contact", contact.as_deref()),
    ]);
    let result = async {
        let acting = run::Acting::start(&reference, Action::AuthoriseRepresentative).await?;
        let name = run::required(
            "name",
            Some(domain::text::one_line(&name)),
            REPRESENTATIVE_MAX_CHARS,
            "Enter the name of the person you want to act for you",
            "Keep the name to 200 characters or fewer",
        )?;
        let relationship = run::at_most(
            "relationship",
            relationship,
            REPRESENTATIVE_MAX_CHARS,
            "Keep how you know them to 200 characters or fewer",
        )?;
        let contact = run::at_most(
            "contact",
            contact,
            REPRESENTATIVE_MAX_CHARS,
            "Keep their contact details to 200 characters or fewer",
        )?;
        if !rules::name_representative(&acting.stored.case) {
            return Err(AppError::validation(
                "action",
                "You cannot name someone to act for you on this case: it has been withdrawn, or it is a compliment",
            ));
        }
        let new = NewRepresentative {
            user_id: None,
            name,
            relationship,
            contact,
        };
        representatives::name(
            &acting.state.db,
            acting.access.id,
            &new,
            &acting.who(),
            acting.now,
        )
        .await?;
        tracing::info!(user = acting.access.account.id, %reference, "representative named");
        acting.back_to_case();
        Ok(())
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
    use domain::TimelineItem;
    use domain::access::Action;
    let typed = crate::refusal::Typed::new(&[("text", Some(text.as_str()))]);
    let result = async {
        let acting = run::Acting::start(&reference, Action::AddInformation).await?;
        let text = run::required(
            "text",
            Some(text),
            INFORMATION_MAX_CHARS,
            "Enter the information you want to add",
            "Keep it to 5,000 characters or fewer: you can add the rest in another entry",
        )?;
        if !rules::add_information(&acting.stored.case) {
            return Err(AppError::validation(
                "action",
                "This case has been withdrawn, so we cannot add to it: tell us about the problem again if you need to",
            ));
        }
        storage::cases::append(
            &acting.state.db,
            acting.access.id,
            &acting.who(),
            &TimelineItem::InformationAdded { text },
            acting.now,
        )
        .await?;
        tracing::info!(user = acting.access.account.id, %reference, "information added");
        acting.back_to_case();
        Ok(())
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
