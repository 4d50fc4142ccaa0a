//! What the customer (or someone confirmed to act for them) may do on their own case, by
//! the case's state: ask for a review, withdraw, decline an involved customer's help, name a
//! representative, add information; and when their page tells them of the Ombudsman. Their
//! permission is [`crate::access`]'s; asking for a review and withdrawing are also steps of
//! the step table ([`super::steps`]), which a test holds to these rules.

use super::{Case, Complaint, Involvement, Phase, ServiceRequestPhase};

fn open_complaint(case: &Case) -> Option<&Complaint> {
    case.as_complaint()
        .filter(|c| c.phase().is_open() && !c.is_locked())
}

/// A review can be asked for once Stage 1 has been answered, closed or not (the
/// domain's rule).
pub fn review(case: &Case) -> bool {
    case.as_complaint()
        .is_some_and(Complaint::may_request_review)
}

/// An open complaint or service request can be withdrawn.
pub fn withdraw(case: &Case) -> bool {
    match case {
        Case::ServiceRequest(sr) => *sr.phase() == ServiceRequestPhase::Open,
        Case::Complaint(_) => open_complaint(case).is_some(),
        Case::Compliment(_) => false,
    }
}

/// Involvement can be declined at Stage 2 or before, once, until the involved customer
/// has given their view.
pub fn decline_involvement(case: &Case) -> bool {
    open_complaint(case).is_some_and(|c| {
        !c.involvement_declined()
            && !c
                .stage2()
                .is_some_and(|r| matches!(r.involvement, Involvement::ViewRecorded { .. }))
    })
}

/// An involved customer has been invited to the review (or has given their view) and the
/// resident has not declined.
pub fn involved_customer_taking_part(case: &Case) -> bool {
    case.as_complaint().is_some_and(|c| {
        !c.involvement_declined()
            && c.stage2().is_some_and(|r| {
                matches!(
                    r.involvement,
                    Involvement::Invited { .. } | Involvement::ViewRecorded { .. }
                )
            })
    })
}

fn withdrawn(case: &Case) -> bool {
    match case {
        Case::ServiceRequest(sr) => matches!(sr.phase(), ServiceRequestPhase::Withdrawn { .. }),
        Case::Complaint(c) => matches!(c.phase(), Phase::Withdrawn { .. }),
        Case::Compliment(_) => false,
    }
}

pub fn name_representative(case: &Case) -> bool {
    !matches!(case, Case::Compliment(_)) && !withdrawn(case)
}

pub fn add_information(case: &Case) -> bool {
    !withdrawn(case)
}

/// The customer is told of their right to go to the Housing Ombudsman once a complaint
/// has been answered at either stage, not accepted, extended, or has ended.
pub fn ombudsman_details(case: &Case) -> bool {
    case.as_complaint().is_some_and(|c| {
        let extended = std::iter::once(c.stage1())
            .chain(c.stage2())
            .any(|r| !r.extensions.is_empty());
        let answered =
            c.stage1().responded.is_some() || c.stage2().is_some_and(|r| r.responded.is_some());
        answered
            || extended
            || c.ombudsman().is_some()
            || matches!(c.phase(), Phase::NotAccepted { .. } | Phase::Closed { .. })
    })
}
