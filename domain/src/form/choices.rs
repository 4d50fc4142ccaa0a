//! The fixed choices on the complaint form, with the values the form posts and their labels.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    Complaint,
    /// Asking us to do something (a repair, a visit): the same form, fewer questions.
    ServiceRequest,
    Compliment,
}

impl FormKind {
    /// The value the form posts.
    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::Complaint => "complaint",
            FormKind::ServiceRequest => "service_request",
            FormKind::Compliment => "compliment",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value.trim() {
            "" | "complaint" => Some(FormKind::Complaint),
            "service_request" => Some(FormKind::ServiceRequest),
            "compliment" => Some(FormKind::Compliment),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerType {
    Tenant,
    LeaseholderOrSharedOwner,
    Applicant,
    MemberOfPublic,
    RepresentingACustomer,
    Other(String),
}

impl CustomerType {
    /// The choices, as the form's radio values with their labels.
    pub const CHOICES: [(&'static str, &'static str); 6] = [
        ("tenant", "Tenant"),
        ("leaseholder_or_shared_owner", "Leaseholder or shared owner"),
        ("applicant", "Applicant for a home"),
        ("member_of_public", "Member of the public"),
        ("representing_a_customer", "Someone acting for a customer"),
        ("other", "Other"),
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactMethod {
    Phone,
    Email,
    Letter,
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Adjustment {
    LargePrint,
    EasyRead,
    Interpreter,
    BritishSignLanguage,
    PhoneNotLetters,
    ExtraTime,
    Other(String),
}

impl Adjustment {
    pub const CHOICES: [(&'static str, &'static str); 6] = [
        ("large_print", "Large print"),
        ("easy_read", "Easy read"),
        ("interpreter", "An interpreter"),
        ("bsl", "British Sign Language (BSL)"),
        ("phone_not_letters", "Phone calls instead of letters"),
        ("extra_time", "Extra time"),
    ];
}
