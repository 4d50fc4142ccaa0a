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
    /// A shared owner (part buy, part rent): low-cost home ownership.
    SharedOwner,
    Leaseholder,
    /// The answer the form offered before it asked shared owners and leaseholders apart:
    /// kept for the records that have it, no longer offered.
    LeaseholderOrSharedOwner,
    Applicant,
    MemberOfPublic,
    RepresentingACustomer,
    Other(String),
}

impl CustomerType {
    /// The choices, as the form's radio values with their labels.
    pub const CHOICES: [(&'static str, &'static str); 7] = [
        ("tenant", "Tenant"),
        ("shared_owner", "Shared owner (part buy, part rent)"),
        ("leaseholder", "Leaseholder"),
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
    /// Calls made through Relay UK.
    TextRelay,
    PhoneNotLetters,
    ExtraTime,
    Other(String),
}

impl Adjustment {
    pub const CHOICES: [(&'static str, &'static str); 7] = [
        ("large_print", "Large print"),
        ("easy_read", "Easy read"),
        ("interpreter", "An interpreter"),
        ("bsl", "British Sign Language (BSL)"),
        ("text_relay", "Text relay (Relay UK)"),
        ("phone_not_letters", "Phone calls instead of letters"),
        ("extra_time", "Extra time"),
    ];
}

impl CustomerType {
    /// In words, for staff screens and letters.
    pub fn label(&self) -> String {
        match self {
            CustomerType::Other(text) => text.clone(),
            CustomerType::LeaseholderOrSharedOwner => "Leaseholder or shared owner".to_owned(),
            other => Self::CHOICES
                .iter()
                .find(|(code, _)| *code == other.code())
                .map_or_else(String::new, |(_, label)| (*label).to_owned()),
        }
    }
}

impl ContactMethod {
    pub fn label(self) -> &'static str {
        match self {
            ContactMethod::Phone => "Phone",
            ContactMethod::Email => "Email",
            ContactMethod::Letter => "Letter",
            ContactMethod::Text => "Text message",
        }
    }
}

impl Adjustment {
    /// In words: the form's label, or what the customer wrote.
    pub fn label(&self) -> String {
        let choice = |i: usize| Self::CHOICES[i].1.to_owned();
        match self {
            Adjustment::LargePrint => choice(0),
            Adjustment::EasyRead => choice(1),
            Adjustment::Interpreter => choice(2),
            Adjustment::BritishSignLanguage => choice(3),
            Adjustment::TextRelay => choice(4),
            Adjustment::PhoneNotLetters => choice(5),
            Adjustment::ExtraTime => choice(6),
            Adjustment::Other(text) => text.clone(),
        }
    }
}

impl CustomerType {
    /// The form's value for this answer (`other` for one in the customer's words).
    pub fn code(&self) -> &'static str {
        match self {
            CustomerType::Tenant => "tenant",
            CustomerType::SharedOwner => "shared_owner",
            CustomerType::Leaseholder => "leaseholder",
            CustomerType::LeaseholderOrSharedOwner => "leaseholder_or_shared_owner",
            CustomerType::Applicant => "applicant",
            CustomerType::MemberOfPublic => "member_of_public",
            CustomerType::RepresentingACustomer => "representing_a_customer",
            CustomerType::Other(_) => "other",
        }
    }
}

impl ContactMethod {
    /// The choices, as the form's radio values with their labels, in the form's order.
    pub const CHOICES: [(&'static str, &'static str); 4] = [
        ("email", "Email"),
        ("letter", "Letter"),
        ("phone", "Phone call"),
        ("text", "Text message"),
    ];

    /// The answer for a posted value.
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "phone" => Some(ContactMethod::Phone),
            "email" => Some(ContactMethod::Email),
            "letter" => Some(ContactMethod::Letter),
            "text" => Some(ContactMethod::Text),
            _ => None,
        }
    }

    /// The form's value for this answer.
    pub fn code(self) -> &'static str {
        match self {
            ContactMethod::Phone => "phone",
            ContactMethod::Email => "email",
            ContactMethod::Letter => "letter",
            ContactMethod::Text => "text",
        }
    }
}

impl Adjustment {
    /// The form's value for this answer (`other` for one in the customer's words).
    pub fn code(&self) -> &'static str {
        match self {
            Adjustment::LargePrint => Self::CHOICES[0].0,
            Adjustment::EasyRead => Self::CHOICES[1].0,
            Adjustment::Interpreter => Self::CHOICES[2].0,
            Adjustment::BritishSignLanguage => Self::CHOICES[3].0,
            Adjustment::TextRelay => Self::CHOICES[4].0,
            Adjustment::PhoneNotLetters => Self::CHOICES[5].0,
            Adjustment::ExtraTime => Self::CHOICES[6].0,
            Adjustment::Other(_) => "other",
        }
    }
}
