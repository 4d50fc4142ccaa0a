//! The private tracking link a person gets when they send the online form without an
//! account: how long it keeps working.
//!
//! Our rule (SPEC is silent): the link works while the case is open and for
//! [`DAYS_AFTER_END`] days after it ends (closed, withdrawn, not accepted, resolved, or a
//! compliment passed on), long enough to read the last letter and ask for a review; after
//! that it opens nothing, so an old e-mail or a shared screen does not reveal the case for
//! ever. The person can still ask us for a copy of anything, or register and see the case
//! on their account once its e-mail address is theirs.

use chrono::NaiveDate;

use crate::lifecycle::{Case, Phase, ServiceRequestPhase};

/// Days after a case ends that its tracking link still works.
pub const DAYS_AFTER_END: i64 = 90;

/// The day the case ended, if it has.
pub fn ended_on(case: &Case) -> Option<NaiveDate> {
    match case {
        Case::Complaint(c) => match c.phase() {
            Phase::NotAccepted { on, .. }
            | Phase::Closed { on, .. }
            | Phase::Withdrawn { on, .. } => Some(*on),
            _ => None,
        },
        Case::ServiceRequest(r) => match r.phase() {
            ServiceRequestPhase::Resolved { on } | ServiceRequestPhase::Withdrawn { on } => {
                Some(*on)
            }
            ServiceRequestPhase::Open => None,
        },
        Case::Compliment(c) => c.passed_on(),
    }
}

/// Whether the case's tracking link still opens it on `today`.
pub fn link_works(case: &Case, today: NaiveDate) -> bool {
    ended_on(case).is_none_or(|ended| (today - ended).num_days() <= DAYS_AFTER_END)
}

/// The e-mail sent when someone sends the online form and gave an e-mail address: the
/// reference, what happens next, and the private link to follow the case (the only copy of
/// it we can give: it is kept hashed). Returns the subject and the body.
pub fn receipt_email(
    kind: crate::lifecycle::CaseKind,
    name: &str,
    reference: &str,
    link: &str,
    next: &str,
    landlord: &crate::landlord::Landlord,
) -> (String, String) {
    use crate::lifecycle::CaseKind;
    let what = match kind {
        CaseKind::Complaint => "complaint",
        CaseKind::ServiceRequest => "request",
        CaseKind::Compliment => "compliment",
    };
    let subject = format!("We have received your {what}: {reference}");
    let body = format!(
        "Dear {name},\n\n\
         Thank you. We have received your {what}. Its reference is {reference}: please give it whenever you contact us about it.\n\n\
         {next}\n\n\
         You can follow it, read our letters and add information here:\n\n{link}\n\n\
         Keep this link private: anyone who has it can see your {what}. It keeps working while your {what} is open and for {DAYS_AFTER_END} days after it ends.\n\n\
         If you did not send this, contact us: phone {phone} or email {email}.\n\n\
         {landlord_name}\n",
        phone = landlord.phone,
        email = landlord.email,
        landlord_name = landlord.name,
    );
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::{Compliment, ServiceRequest};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_link_works_while_open_and_for_ninety_days_after_the_end() {
        let open = Case::ServiceRequest(ServiceRequest::open());
        assert!(link_works(&open, d(2040, 1, 1)));
        let mut resolved = ServiceRequest::open();
        resolved.resolve(d(2026, 1, 10)).unwrap();
        let resolved = Case::ServiceRequest(resolved);
        assert_eq!(ended_on(&resolved), Some(d(2026, 1, 10)));
        assert!(link_works(&resolved, d(2026, 4, 10)), "day 90");
        assert!(!link_works(&resolved, d(2026, 4, 11)), "day 91");
        let compliment = Case::Compliment(Compliment::receive("The repairs team"));
        assert!(link_works(&compliment, d(2040, 1, 1)), "not yet passed on");
    }
}
