//! Correcting a customer's contact details when they tell us one is wrong (UK GDPR's right
//! to rectification). Staff type the details as they should be, with why; the same rules
//! as the form check them (a name; a phone number, e-mail address or address the chosen
//! way of contact needs, each valid), and nothing is saved unless something changed. The
//! correction is recorded on each of the customer's cases, naming what changed but not the
//! old values: a wrong detail is not kept on the record by being corrected.

use serde::{Deserialize, Serialize};

use super::{
    Collector, ComplaintFormInput, ContactMethod, EmailAddress, FormErrors, MAX_NAME_CHARS,
    PhoneNumber,
};

/// The form's fields, in order.
pub const FIELDS: [&str; 7] = [
    "name",
    "phone",
    "email",
    "preferred_contact",
    "address",
    "postcode",
    "correction_reason",
];

/// The longest reason kept.
pub const REASON_MAX_CHARS: usize = 500;

/// The correction as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionInput {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub preferred_contact: String,
    pub address: String,
    pub postcode: String,
    pub reason: String,
}

/// A customer's contact details, as kept or as corrected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetails {
    pub name: String,
    pub phone: Option<PhoneNumber>,
    pub email: Option<EmailAddress>,
    pub preferred_contact: Option<ContactMethod>,
    pub address: Option<String>,
    pub postcode: Option<String>,
}

/// A checked correction: the details as they should be, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub details: ContactDetails,
    pub reason: String,
}

impl Correction {
    /// Checks every field at once against the customer's details `now` (and their
    /// adjustments' codes, which can make a phone number needed). Refuses a correction
    /// that changes nothing.
    pub fn parse(
        input: &CorrectionInput,
        now: &ContactDetails,
        adjustments: &[String],
    ) -> Result<Self, FormErrors> {
        let mut c = Collector(Vec::new());
        let name = crate::text::one_line(&input.name);
        let name = if name.is_empty() {
            c.fail("name", "Enter their name");
            None
        } else if name.chars().count() > MAX_NAME_CHARS {
            c.fail(
                "name",
                &format!("Keep the name to {MAX_NAME_CHARS} characters or fewer"),
            );
            None
        } else {
            Some(name)
        };
        let some = |text: &str| Some(text.to_owned()).filter(|t| !t.trim().is_empty());
        let contact = c.contact(&ComplaintFormInput {
            phone: input.phone.clone(),
            email: some(&input.email),
            preferred_contact: some(&input.preferred_contact),
            address: some(&input.address),
            postcode: some(&input.postcode),
            adjustments: adjustments.to_vec(),
            ..ComplaintFormInput::default()
        });
        let reason = crate::text::paragraphs(&input.reason);
        if reason.is_empty() {
            c.fail(
                "correction_reason",
                "Say why the details are corrected, for example what the customer told us",
            );
        } else if reason.chars().count() > REASON_MAX_CHARS {
            c.fail(
                "correction_reason",
                &format!("Keep the reason to {REASON_MAX_CHARS} characters or fewer"),
            );
        }
        if !c.0.is_empty() {
            return Err(FormErrors(c.0));
        }
        let correction = Correction {
            details: ContactDetails {
                name: name.unwrap_or_default(),
                phone: contact.phone,
                email: contact.email,
                preferred_contact: contact.preferred,
                address: contact.address,
                postcode: contact.postcode,
            },
            reason,
        };
        if correction.changed(now).is_empty() {
            c.fail(
                "name",
                "Nothing has changed: correct at least one detail, or go back to the case",
            );
            return Err(FormErrors(c.0));
        }
        Ok(correction)
    }

    /// What the correction changes, in words, in the form's order ("phone number",
    /// "address").
    pub fn changed(&self, now: &ContactDetails) -> Vec<&'static str> {
        let new = &self.details;
        let mut out = Vec::new();
        if new.name != now.name {
            out.push("name");
        }
        if new.phone != now.phone {
            out.push("phone number");
        }
        if new.email != now.email {
            out.push("email address");
        }
        if new.preferred_contact != now.preferred_contact {
            out.push("how they want to be contacted");
        }
        if new.address != now.address {
            out.push("address");
        }
        if new.postcode != now.postcode {
            out.push("postcode");
        }
        out
    }
}

/// "name, phone number and address".
pub fn in_words(changed: &[String]) -> String {
    match changed {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> ContactDetails {
        ContactDetails {
            name: "Pat Caller".into(),
            phone: Some(PhoneNumber::parse("07700 900123").unwrap()),
            email: None,
            preferred_contact: Some(ContactMethod::Phone),
            address: None,
            postcode: Some("LS1 4AB".into()),
        }
    }

    fn input() -> CorrectionInput {
        CorrectionInput {
            name: "Pat Caller".into(),
            phone: "07700 900123".into(),
            preferred_contact: "phone".into(),
            postcode: "LS1 4AB".into(),
            reason: "She rang to say she moved".into(),
            ..CorrectionInput::default()
        }
    }

    #[test]
    fn a_correction_names_what_changed_and_refuses_when_nothing_did() {
        let unchanged = Correction::parse(&input(), &now(), &[]).unwrap_err();
        assert!(
            unchanged
                .for_field("name")
                .unwrap()
                .starts_with("Nothing has changed")
        );

        let moved = CorrectionInput {
            address: "2 New Street, Leeds".into(),
            postcode: "ls2 7aa".into(),
            ..input()
        };
        let correction = Correction::parse(&moved, &now(), &[]).unwrap();
        assert_eq!(correction.details.postcode.as_deref(), Some("LS2 7AA"));
        assert_eq!(correction.changed(&now()), vec!["address", "postcode"]);
        assert_eq!(
            in_words(&["name".into(), "phone number".into(), "address".into()]),
            "name, phone number and address"
        );
    }

    #[test]
    fn every_problem_is_shown_at_once_by_the_forms_own_rules() {
        let bad = CorrectionInput {
            name: " ".into(),
            phone: "12".into(),
            email: "not an address".into(),
            preferred_contact: "email".into(),
            reason: String::new(),
            ..CorrectionInput::default()
        };
        let errors = Correction::parse(&bad, &now(), &[]).unwrap_err();
        for field in ["name", "phone", "email", "correction_reason"] {
            assert!(errors.for_field(field).is_some(), "{field}: {errors:?}");
        }
    }
}
