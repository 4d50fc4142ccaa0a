//! The complaint form (SPEC section 5): what people type, turned into a [`ComplaintForm`]
//! that can only exist if every field is right.
//!
//! All problems are reported at once, each with the field's name (matching the input's
//! field, so the page can show the message next to it) and a message saying how to fix it.
//! The browser runs this before sending; the server runs it again and is the authority.

pub mod checks;
mod choices;
mod contact;
pub mod correction;
mod sections;
#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::channel::Channel;
use crate::description::Description;
use crate::eligibility::{Eligibility, eligibility};
use crate::money::Money;

pub use choices::{Adjustment, ContactMethod, CustomerType, FormKind};
pub use contact::{EmailAddress, EmailError, PhoneError, PhoneKind, PhoneNumber};
pub use sections::{NextPage, Section, after_sending, unfinished};

/// The form's fields in the order they are asked, for the error summary.
pub const FIELDS: [&str; 24] = [
    "channel",
    "received_on",
    "received_time",
    "describes_you",
    "describes_you_other",
    "name",
    "adjustments",
    "adjustments_other",
    "preferred_contact",
    "phone",
    "email",
    "address",
    "postcode",
    "compliment_about",
    "what_happened",
    "when_happened",
    "became_aware",
    "reported_before",
    "what_was_said",
    "outcomes_sought",
    "costs_description",
    "costs_amount",
    "evidence",
    "kind",
];

/// The form as submitted: text as typed, nothing checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComplaintFormInput {
    /// `complaint` (default), `service_request` or `compliment`.
    pub kind: String,
    pub describes_you: String,
    pub describes_you_other: Option<String>,
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
    pub preferred_contact: Option<String>,
    pub adjustments: Vec<String>,
    pub adjustments_other: Option<String>,
    pub what_happened: String,
    /// `YYYY-MM-DD` (a date input) or `D/M/YYYY`.
    pub when_happened: Option<String>,
    pub became_aware: Option<String>,
    /// `yes` or `no`.
    pub reported_before: Option<String>,
    pub what_was_said: Option<String>,
    pub outcomes_sought: Option<String>,
    pub costs_description: Option<String>,
    pub costs_amount: Option<String>,
    /// For a compliment: the staff member or service.
    pub compliment_about: Option<String>,
    /// The customer's address and postcode (asked when staff log a case).
    pub address: Option<String>,
    pub postcode: Option<String>,
    /// Staff logging a case from another channel: how and when it reached us (see
    /// [`ComplaintFormInput::receiving`]). Blank on the online form.
    pub channel: Option<String>,
    pub received_on: Option<String>,
    /// `HH:MM`, 24-hour, London time.
    pub received_time: Option<String>,
    /// An existing customer's record, when staff log another case for them.
    pub customer_id: Option<String>,
}

/// The form's date questions, asked as GOV.UK date inputs: three boxes posted as
/// `NAME-day`, `NAME-month` and `NAME-year`.
pub const DATE_FIELDS: [&str; 3] = ["when_happened", "became_aware", "received_on"];

impl ComplaintFormInput {
    /// The answers from the posted fields, by the names the form gives them. `get` returns
    /// every value posted under a name (several for ticked boxes), in order. The server
    /// reads a post with it and the browser reads the live form with it, so both judge the
    /// same answers.
    pub fn from_fields(get: impl Fn(&str) -> Vec<String>) -> Self {
        let one = |name: &str| get(name).into_iter().next();
        let date = |name: &str| {
            let part = |p: &str| one(&format!("{name}-{p}")).unwrap_or_default();
            let (d, m, y) = (part("day"), part("month"), part("year"));
            if d.trim().is_empty() && m.trim().is_empty() && y.trim().is_empty() {
                None
            } else {
                Some(format!("{}/{}/{}", d.trim(), m.trim(), y.trim()))
            }
        };
        Self {
            kind: one("kind").unwrap_or_default(),
            describes_you: one("describes_you").unwrap_or_default(),
            describes_you_other: one("describes_you_other"),
            name: one("name").unwrap_or_default(),
            phone: one("phone").unwrap_or_default(),
            email: one("email"),
            preferred_contact: one("preferred_contact"),
            adjustments: get("adjustments"),
            adjustments_other: one("adjustments_other"),
            what_happened: one("what_happened").unwrap_or_default(),
            when_happened: date("when_happened"),
            became_aware: date("became_aware"),
            reported_before: one("reported_before"),
            what_was_said: one("what_was_said"),
            outcomes_sought: one("outcomes_sought"),
            costs_description: one("costs_description"),
            costs_amount: one("costs_amount"),
            compliment_about: one("compliment_about"),
            address: one("address"),
            postcode: one("postcode"),
            channel: one("channel"),
            received_on: date("received_on"),
            received_time: one("received_time"),
            customer_id: one("customer_id"),
        }
    }

    /// How and when a case logged by staff reached us: the channel (any but the online
    /// form, which records itself), and the London date and time it arrived, which may not
    /// be in the future. Deadlines count from this moment, as for the online form.
    pub fn receiving(&self, now: DateTime<Utc>) -> Result<Receiving, FormErrors> {
        let mut c = Collector(Vec::new());
        let channel = match self.channel.as_deref().map(str::trim) {
            Some(code) if !code.is_empty() => match code.parse::<Channel>() {
                Ok(Channel::OnlineForm) | Err(_) => {
                    c.fail("channel", "Choose how the case reached us");
                    None
                }
                Ok(channel) => Some(channel),
            },
            _ => {
                c.fail("channel", "Choose how the case reached us");
                None
            }
        };
        let date = match self.received_on.as_deref() {
            None => {
                c.fail("received_on", "Enter the date it reached us");
                None
            }
            Some(text) => match parse_date(text) {
                Some(date) => Some(date),
                None => {
                    c.fail("received_on", "Enter a real date, for example 27 3 2025");
                    None
                }
            },
        };
        let time = match self.received_time.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => match parse_time(text) {
                Some(time) => Some(time),
                None => {
                    c.fail(
                        "received_time",
                        "Enter the time as hours and minutes, for example 14:30",
                    );
                    None
                }
            },
            _ => {
                c.fail(
                    "received_time",
                    "Enter the time it reached us, for example 09:15",
                );
                None
            }
        };
        match (channel, date, time) {
            (Some(channel), Some(date), Some(time)) => {
                let at = crate::london::from_london(date.and_time(time));
                if at > now {
                    c.fail("received_on", "The date and time cannot be in the future");
                    return Err(FormErrors(c.0));
                }
                Ok(Receiving { channel, at })
            }
            _ => Err(FormErrors(c.0)),
        }
    }

    /// Whether "What did we say would happen?" applies: only to someone who told us before.
    /// The form shows it, the check lists it and the case keeps it only then.
    pub fn asks_what_was_said(&self) -> bool {
        self.reported_before.as_deref().map(str::trim) == Some("yes")
    }

    /// Whether "Tell us what else we should do" applies: only while "Something else" is
    /// ticked.
    pub fn asks_adjustments_other(&self) -> bool {
        self.adjustments.iter().any(|a| a.trim() == "other")
    }

    /// A date answer split back into its three boxes (day, month, year), as typed.
    pub fn date_parts(value: Option<&str>) -> (String, String, String) {
        let Some(value) = value else {
            return Default::default();
        };
        if let Some(date) = crate::calendar::iso_date(value) {
            use chrono::Datelike;
            return (
                date.day().to_string(),
                date.month().to_string(),
                date.year().to_string(),
            );
        }
        let mut parts = value.split('/').map(|p| p.trim().to_owned());
        (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        )
    }
}

/// How and when a case logged by staff reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Receiving {
    pub channel: Channel,
    pub at: DateTime<Utc>,
}

/// `14:30`, `9:05`, `9.05` or `0905`.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    let (h, m) = match text.split_once([':', '.']) {
        Some(parts) => parts,
        None if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) => text.split_at(2),
        None => return None,
    };
    if m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(h.trim().parse().ok()?, m.parse().ok()?, 0)
}

/// Out-of-pocket costs the customer wants back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Costs {
    pub description: String,
    pub amount: Option<Money>,
}

/// A checked form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintForm {
    pub kind: FormKind,
    pub describes_you: CustomerType,
    pub name: String,
    /// Needed only when the customer wants calls or text messages.
    pub phone: Option<PhoneNumber>,
    pub email: Option<EmailAddress>,
    pub preferred_contact: Option<ContactMethod>,
    pub adjustments: Vec<Adjustment>,
    pub what_happened: Description,
    pub when_happened: Option<NaiveDate>,
    pub became_aware: Option<NaiveDate>,
    pub reported_before: Option<bool>,
    pub what_was_said: Option<String>,
    pub outcomes_sought: Option<String>,
    pub costs: Option<Costs>,
    pub compliment_about: Option<String>,
    pub address: Option<String>,
    /// Upper case, single-spaced.
    pub postcode: Option<String>,
}

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// Every problem with a submitted form, in the order the fields appear.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize)]
#[error("There is a problem with {} field(s)", .0.len())]
pub struct FormErrors(pub Vec<FieldError>);

impl FormErrors {
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

/// Longest free-text answer, other than the description (which has its own rule).
pub const MAX_TEXT_CHARS: usize = 5000;
pub const MAX_NAME_CHARS: usize = 200;

struct Collector(Vec<FieldError>);

impl Collector {
    fn take<T, E: ToString>(&mut self, field: &'static str, result: Result<T, E>) -> Option<T> {
        result
            .map_err(|e| {
                self.0.push(FieldError {
                    field,
                    message: e.to_string(),
                })
            })
            .ok()
    }

    fn fail(&mut self, field: &'static str, message: &str) {
        self.0.push(FieldError {
            field,
            message: message.to_owned(),
        });
    }

    /// Optional free text: blank becomes `None`; too long is an error.
    fn text(&mut self, field: &'static str, value: &Option<String>, max: usize) -> Option<String> {
        let text = value.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
        if text.chars().count() > max {
            self.fail(field, &format!("Keep this to {max} characters or fewer"));
            return None;
        }
        Some(text.to_owned())
    }

    fn date(
        &mut self,
        field: &'static str,
        value: &Option<String>,
        today: NaiveDate,
    ) -> Option<NaiveDate> {
        let text = value.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
        match parse_date(text) {
            None => {
                self.fail(field, "Enter a real date, for example 27/3/2025");
                None
            }
            Some(date) if date > today => {
                self.fail(field, "The date must be today or in the past");
                None
            }
            Some(date) => Some(date),
        }
    }
}

/// How we can reach the customer: the way they chose and the details it needs. Each
/// detail is optional on its own; the choice decides which are needed (our rule, SPEC
/// section 5 being silent): a phone number for calls, a mobile for text messages, an
/// email address for email and an address for letters. Someone who chooses nothing must
/// give at least one way to reach them. Each field gets one message at most.
struct Contact {
    preferred: Option<ContactMethod>,
    phone: Option<PhoneNumber>,
    email: Option<EmailAddress>,
    address: Option<String>,
    postcode: Option<String>,
}

impl Collector {
    fn contact(&mut self, input: &ComplaintFormInput) -> Contact {
        let preferred = match input.preferred_contact.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => match ContactMethod::parse(code) {
                Some(method) => Some(method),
                None => {
                    self.fail(
                        "preferred_contact",
                        "Choose how you would like us to contact you",
                    );
                    None
                }
            },
        };
        let typed_phone = !input.phone.trim().is_empty();
        let typed_email = !blank(&input.email);
        let typed_address = !blank(&input.address);
        if preferred.is_none()
            && input
                .preferred_contact
                .as_deref()
                .is_none_or(|p| p.trim().is_empty())
            && !typed_phone
            && !typed_email
            && !typed_address
        {
            self.fail(
                "preferred_contact",
                "Choose how you would like us to contact you, and give us the details",
            );
        }

        let phone = if typed_phone {
            self.take("phone", PhoneNumber::parse(&input.phone))
        } else {
            None
        };
        match preferred {
            Some(ContactMethod::Phone) if !typed_phone => self.fail(
                "phone",
                "Enter a phone number, or choose another way for us to contact you",
            ),
            Some(ContactMethod::Text) if !typed_phone => self.fail(
                "phone",
                "Enter a mobile number for text messages, or choose another way for us to contact you",
            ),
            Some(ContactMethod::Text)
                if phone.as_ref().is_some_and(|p| p.kind() != PhoneKind::Mobile) =>
            {
                self.fail(
                    "phone",
                    "Enter a mobile number for text messages (a landline cannot get them), or choose another way for us to contact you",
                )
            }
            _ if !typed_phone
                && input
                    .adjustments
                    .iter()
                    .any(|a| a.trim() == Adjustment::PhoneNotLetters.code()) =>
            {
                self.fail(
                    "phone",
                    "Enter a phone number so we can call you instead of writing",
                )
            }
            _ => {}
        }

        let email = if typed_email {
            self.take(
                "email",
                EmailAddress::parse(input.email.as_deref().unwrap_or_default()),
            )
        } else {
            if preferred == Some(ContactMethod::Email) {
                self.fail(
                    "email",
                    "Enter an email address, or choose another way for us to contact you",
                );
            }
            None
        };

        let address = self.text("address", &input.address, 500);
        if preferred == Some(ContactMethod::Letter) && !typed_address {
            self.fail(
                "address",
                "Enter an address for letters, or choose another way for us to contact you",
            );
        }
        let postcode = self.text("postcode", &input.postcode, 10).map(|p| {
            p.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_uppercase()
        });
        Contact {
            preferred,
            phone,
            email,
            address,
            postcode,
        }
    }
}

/// The gentle note shown as soon as the dates are typed, when a complaint is about
/// something older than the policy's window: it may still be sent (staff consider using
/// their discretion). `None` for other kinds, for dates not yet complete, and within the
/// window.
pub fn window_warning(
    input: &ComplaintFormInput,
    today: NaiveDate,
    policies: &crate::policy::PolicySet,
) -> Option<String> {
    if FormKind::parse(&input.kind) != Some(FormKind::Complaint) {
        return None;
    }
    let date = |value: &Option<String>| {
        value
            .as_deref()
            .and_then(|v| parse_date(v.trim()))
            .filter(|d| *d <= today)
    };
    let window = policies.in_force(today).eligibility_months;
    eligibility(
        date(&input.when_happened),
        date(&input.became_aware),
        today,
        window,
    )
    .warning()
}

/// A date a form asks for, or the message to show next to it: `missing` when nothing was
/// typed, otherwise that the date is not a real one.
pub fn required_date(text: &str, missing: &str) -> Result<NaiveDate, String> {
    match parse_date(text.trim()) {
        Some(date) => Ok(date),
        None if text.trim().is_empty() => Err(missing.to_owned()),
        None => Err("Enter a real date, for example 7 12 2026".to_owned()),
    }
}

/// `YYYY-MM-DD` or `D/M/YYYY` (also with dashes or dots as separators).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    if let Some(date) = crate::calendar::iso_date(text) {
        return Some(date);
    }
    let parts: Vec<&str> = text
        .split(['/', '-', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    if year.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn blank(value: &Option<String>) -> bool {
    value.as_deref().is_none_or(|v| v.trim().is_empty())
}

impl ComplaintForm {
    pub fn parse(input: &ComplaintFormInput, today: NaiveDate) -> Result<Self, FormErrors> {
        let mut c = Collector(Vec::new());

        let kind = FormKind::parse(&input.kind);
        if kind.is_none() {
            c.fail(
                "kind",
                "Choose whether this is a complaint, a request for a service or a compliment",
            );
        }

        let describes_you = match input.describes_you.trim() {
            "tenant" => Some(CustomerType::Tenant),
            "shared_owner" => Some(CustomerType::SharedOwner),
            "leaseholder" => Some(CustomerType::Leaseholder),
            "applicant" => Some(CustomerType::Applicant),
            "member_of_public" => Some(CustomerType::MemberOfPublic),
            "representing_a_customer" => Some(CustomerType::RepresentingACustomer),
            "other" => match c.text("describes_you_other", &input.describes_you_other, 200) {
                Some(text) => Some(CustomerType::Other(text)),
                None => {
                    if blank(&input.describes_you_other) {
                        c.fail("describes_you_other", "Tell us what best describes you");
                    }
                    None
                }
            },
            _ => {
                c.fail("describes_you", "Choose what best describes you");
                None
            }
        };

        let name = crate::text::one_line(&input.name);
        let name = if name.is_empty() {
            c.fail("name", "Enter your name");
            None
        } else if name.chars().count() > MAX_NAME_CHARS {
            c.fail(
                "name",
                &format!("Keep your name to {MAX_NAME_CHARS} characters or fewer"),
            );
            None
        } else {
            Some(name)
        };

        let contact = c.contact(input);

        let mut adjustments = Vec::new();
        for code in &input.adjustments {
            let adjustment = match code.trim() {
                "large_print" => Adjustment::LargePrint,
                "easy_read" => Adjustment::EasyRead,
                "interpreter" => Adjustment::Interpreter,
                "bsl" => Adjustment::BritishSignLanguage,
                "text_relay" => Adjustment::TextRelay,
                "phone_not_letters" => Adjustment::PhoneNotLetters,
                "extra_time" => Adjustment::ExtraTime,
                "other" => continue,
                _ => {
                    c.fail(
                        "adjustments",
                        "Choose adjustments from the list, or describe what you need under Other",
                    );
                    continue;
                }
            };
            if !adjustments.contains(&adjustment) {
                adjustments.push(adjustment);
            }
        }
        // Read only while "Something else" is ticked: unticking it takes the text away.
        if input.asks_adjustments_other()
            && let Some(other) = c.text("adjustments_other", &input.adjustments_other, 500)
        {
            adjustments.push(Adjustment::Other(other));
        }
        let what_happened = c.take("what_happened", Description::parse(&input.what_happened));
        let when_happened = c.date("when_happened", &input.when_happened, today);
        let became_aware = c.date("became_aware", &input.became_aware, today);

        let reported_before = match input.reported_before.as_deref().map(str::trim) {
            None | Some("") => None,
            Some("yes") => Some(true),
            Some("no") => Some(false),
            Some(_) => {
                c.fail("reported_before", "Choose yes or no");
                None
            }
        };
        // Asked only of someone who told us before: an answer left from before they said
        // otherwise is not kept.
        let what_was_said = if input.asks_what_was_said() {
            c.text("what_was_said", &input.what_was_said, MAX_TEXT_CHARS)
        } else {
            None
        };
        let outcomes_sought = c.text("outcomes_sought", &input.outcomes_sought, MAX_TEXT_CHARS);

        let costs_description = c.text(
            "costs_description",
            &input.costs_description,
            MAX_TEXT_CHARS,
        );
        let costs_amount = if blank(&input.costs_amount) {
            None
        } else {
            c.take(
                "costs_amount",
                Money::parse(input.costs_amount.as_deref().unwrap_or_default()),
            )
        };
        if costs_amount.is_some() && costs_description.is_none() && blank(&input.costs_description)
        {
            c.fail("costs_description", "Tell us what the costs were for");
        }
        let costs = costs_description.map(|description| Costs {
            description,
            amount: costs_amount,
        });

        let compliment_about = c.text("compliment_about", &input.compliment_about, 200);
        if kind == Some(FormKind::Compliment)
            && compliment_about.is_none()
            && blank(&input.compliment_about)
        {
            c.fail(
                "compliment_about",
                "Tell us which member of staff or service you want to thank",
            );
        }

        let Contact {
            preferred: preferred_contact,
            phone,
            email,
            address,
            postcode,
        } = contact;

        match (kind, describes_you, name, what_happened) {
            (Some(kind), Some(describes_you), Some(name), Some(what_happened))
                if c.0.is_empty() =>
            {
                Ok(Self {
                    kind,
                    describes_you,
                    name,
                    phone,
                    email,
                    preferred_contact,
                    adjustments,
                    what_happened,
                    when_happened,
                    became_aware,
                    reported_before,
                    what_was_said,
                    outcomes_sought,
                    costs,
                    compliment_about,
                    address,
                    postcode,
                })
            }
            _ => Err(FormErrors(c.0)),
        }
    }

    /// Whether the matter is inside the policy's window, for the form's gentle warning.
    pub fn eligibility(&self, received: NaiveDate, window_months: u32) -> Eligibility {
        eligibility(
            self.when_happened,
            self.became_aware,
            received,
            window_months,
        )
    }
}

impl TryFrom<(ComplaintFormInput, NaiveDate)> for ComplaintForm {
    type Error = FormErrors;

    /// The input and today's date (London), which no date on the form may be after.
    fn try_from((input, today): (ComplaintFormInput, NaiveDate)) -> Result<Self, Self::Error> {
        Self::parse(&input, today)
    }
}
