//! Why a transition was refused. Staff see these next to the button they pressed, so each
//! says what to do instead.

use chrono::NaiveDate;

use crate::deadlines::long_date;
use thiserror::Error;

use super::Phase;
use crate::policy::Stage;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TransitionError {
    #[error(
        "The case is with the Housing Ombudsman: act on it only when the Ombudsman asks, and record their decision first"
    )]
    Locked,
    #[error("You cannot {action} while the case is {phase}")]
    NotNow { action: &'static str, phase: Phase },
    #[error(
        "It is too late to take this back here, or there is nothing to take back: contact us and we will help"
    )]
    NothingToTakeBack,
    #[error("You cannot {action}: it is already finished")]
    Finished { action: &'static str },
    #[error("Choose a date on or after {}, when the case was received", long_date(*earliest))]
    DateBeforeReceipt { earliest: NaiveDate },
    #[error(
        "It happened outside the policy’s window: record why you are using discretion to accept it, or do not accept it"
    )]
    OutOfTimeWithoutDiscretion,
    #[error("Choose a manager or the complaints manager to handle Stage 1")]
    HandlerNotManager,
    #[error("They already handle this complaint: choose someone else")]
    AlreadyTheHandler,
    #[error("{0} has already been acknowledged")]
    AlreadyAcknowledged(Stage),
    #[error("Send the acknowledgement before the {0} response")]
    NotAcknowledged(Stage),
    #[error(
        "The response was due by {}: an extension has to be agreed with the customer before the deadline passes. Send the response as soon as you can, and apologise for the delay",
        long_date(*due)
    )]
    ExtensionAfterDeadline { due: NaiveDate },
    #[error("Choose a date after the current deadline of {}", long_date(*current))]
    ExtensionNotLater { current: NaiveDate },
    #[error(
        "Extending past {} needs the complaints manager’s approval: ask them to approve it, or choose an earlier date",
        long_date(*limit)
    )]
    ExtensionNeedsApproval { limit: NaiveDate },
    /// [`TransitionError::ExtensionNeedsApproval`], said to the one who may approve it.
    #[error(
        "Extending past {} needs your approval as complaints manager: tick “I approve an extension past the limit”, or choose an earlier date",
        long_date(*limit)
    )]
    ExtensionNeedsYourApproval { limit: NaiveDate },
    #[error("Only the complaints manager can approve an extension past the limit")]
    ApproverNotComplaintsManager,
    #[error(
        "Choose a different reviewer: the Stage 2 reviewer cannot be anyone who handled, acknowledged, extended or answered Stage 1"
    )]
    ReviewerHandledStage1,
    #[error(
        "You took part in Stage 1 of this complaint, so the review must be independent of you: ask the Stage 2 reviewer or another complaints manager"
    )]
    TookPartInStage1,
    #[error("Choose the complaints manager, or another reviewer with that role, for Stage 2")]
    ReviewerNotComplaintsManager,
    #[error("Assign a reviewer before responding at Stage 2")]
    NoReviewer,
    #[error("Get the head of service’s sign-off before sending the Stage 2 outcome")]
    SignOffRequired,
    #[error("The reviewer has not written the outcome for sign-off yet: there is nothing to agree")]
    NothingToSignOff,
    #[error(
        "This is not the outcome the head of service signed off: write it for sign-off again, or send the one they agreed"
    )]
    NotAsSignedOff,
    #[error("Only a head of service or director can sign off a Stage 2 outcome")]
    NotHeadOfService,
    #[error("The resident declined an involved customer’s help with the review: do not invite one")]
    ResidentDeclinedInvolvement,
    #[error(
        "You have already said no to an involved customer at your review: there is nothing more to do"
    )]
    InvolvementAlreadyDeclined,
    #[error("Choose a member of the involved customers’ panel")]
    NotAnInvolvedCustomer,
    #[error("An involved customer has already been invited to this review")]
    AlreadyInvited,
    #[error("Only the invited involved customer can record a view on this review")]
    NotTheInvitedMember,
    #[error(
        "The involved customer has already given their view: it is part of the review’s record now. Contact us if you are worried about it"
    )]
    InvolvedViewAlreadyGiven,
    #[error("The case has already been referred to the Housing Ombudsman")]
    AlreadyReferred,
    #[error("Record a referral to the Housing Ombudsman before recording their decision")]
    NotReferred,
    #[error("Record the Ombudsman's determination first")]
    NotDetermined,
    #[error("That stage does not follow “{from}” in the Ombudsman's process")]
    OmbudsmanStageNotNext { from: &'static str },
    #[error("The date cannot be before {}", crate::deadlines::long_date(*earliest))]
    OmbudsmanDateTooEarly { earliest: NaiveDate },
    #[error("There is no such order on this case: choose one from the list")]
    NoSuchOrder,
    #[error("Compliance with this order has already been recorded")]
    OrderAlreadyComplied,
    #[error("There is no remedy {0} on this case: choose one from the list")]
    NoSuchRemedy(usize),
    #[error("That remedy is already settled: it was done or the customer was told it cannot be")]
    RemedySettled,
    #[error(transparent)]
    Response(#[from] super::ResponseError),
}
