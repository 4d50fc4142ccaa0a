//! The landlord's own details: the name, postal address, phone number and email address
//! residents use to reach the complaints team. They are settings (an administrator changes
//! them at `/admin/landlord`); until one does, the demo landlord's details below are used.
//!
//! They appear on the front page, in every page's footer and in every letter's "How to
//! contact us", so each letter carries them as they were on the day it was issued.

use serde::{Deserialize, Serialize};

use crate::form::{EmailAddress, FieldError, FormErrors, MAX_NAME_CHARS, PhoneNumber};

/// The most lines a postal address may have, postcode included.
pub const MAX_ADDRESS_LINES: usize = 8;
/// The longest line of an address.
pub const MAX_ADDRESS_LINE_CHARS: usize = 100;

/// How residents reach the landlord.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Landlord {
    pub name: String,
    /// Postal address, one line each, postcode last.
    pub address: Vec<String>,
    /// As the administrator typed it (it is a valid UK number): `0113 496 0000`.
    pub phone: String,
    pub email: String,
}

/// The details form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LandlordInput {
    pub name: String,
    /// One line each, as typed in a text area.
    pub address: String,
    pub phone: String,
    pub email: String,
}

impl Landlord {
    /// The details used until an administrator sets the landlord's own (a fictional
    /// landlord, with numbers and addresses reserved for drama and documentation).
    pub fn demo() -> Self {
        Self {
            name: "Northgate Homes".to_owned(),
            address: vec![
                "Complaints team".to_owned(),
                "1 Canal Wharf".to_owned(),
                "Leeds".to_owned(),
                "LS11 5PS".to_owned(),
            ],
            phone: "0113 496 0000".to_owned(),
            email: "complaints@northgate-homes.example".to_owned(),
        }
    }

    /// Checks every field at once: a name, a postal address of at most
    /// [`MAX_ADDRESS_LINES`] lines, a UK phone number and an email address.
    pub fn parse(input: &LandlordInput) -> Result<Self, FormErrors> {
        let mut problems = Vec::new();
        let name = input.name.trim();
        if name.is_empty() {
            problems.push(FieldError {
                field: "name",
                message: "Enter the landlord's name".to_owned(),
            });
        } else if name.chars().count() > MAX_NAME_CHARS {
            problems.push(FieldError {
                field: "name",
                message: format!("Keep the name to {MAX_NAME_CHARS} characters or fewer"),
            });
        }
        let address = address_lines(&input.address, "address", &mut problems);
        let phone = input.phone.trim();
        if let Err(e) = PhoneNumber::parse(phone) {
            problems.push(FieldError {
                field: "phone",
                message: e.to_string(),
            });
        }
        let email = EmailAddress::parse(&input.email);
        if let Err(e) = &email {
            problems.push(FieldError {
                field: "email",
                message: e.to_string(),
            });
        }
        match email {
            Ok(email) if problems.is_empty() => Ok(Self {
                name: name.to_owned(),
                address,
                phone: phone.to_owned(),
                email: email.as_str().to_owned(),
            }),
            _ => Err(FormErrors(problems)),
        }
    }

    /// The form's answers for these details (to edit them).
    pub fn input(&self) -> LandlordInput {
        LandlordInput {
            name: self.name.clone(),
            address: self.address.join("\n"),
            phone: self.phone.clone(),
            email: self.email.clone(),
        }
    }

    /// `tel:+441134960000`, for a link that dials it.
    pub fn phone_link(&self) -> String {
        PhoneNumber::parse(&self.phone)
            .map(|p| format!("tel:{}", p.international()))
            .unwrap_or_else(|_| format!("tel:{}", self.phone.replace(' ', "")))
    }

    /// The address on one line: `Complaints team, 1 Canal Wharf, Leeds, LS11 5PS`.
    pub fn address_line(&self) -> String {
        self.address.join(", ")
    }
}

/// A postal address typed one line each: tidied, or its problem under `field`.
fn address_lines(typed: &str, field: &'static str, problems: &mut Vec<FieldError>) -> Vec<String> {
    let address: Vec<String> = typed
        .lines()
        .map(|line| line.trim().trim_end_matches(',').trim().to_owned())
        .filter(|line| !line.is_empty())
        .collect();
    let message = if address.is_empty() {
        Some("Enter the postal address residents write to".to_owned())
    } else if address.len() > MAX_ADDRESS_LINES {
        Some(format!(
            "Keep the address to {MAX_ADDRESS_LINES} lines or fewer"
        ))
    } else if address
        .iter()
        .any(|line| line.chars().count() > MAX_ADDRESS_LINE_CHARS)
    {
        Some(format!(
            "Keep each line of the address to {MAX_ADDRESS_LINE_CHARS} characters or fewer"
        ))
    } else {
        None
    };
    if let Some(message) = message {
        problems.push(FieldError { field, message });
    }
    address
}

/// How residents reach the Housing Ombudsman (SPEC section 7): printed on every letter that
/// offers the Ombudsman, on every page's footer and on a resident's case. One setting an
/// administrator changes at `/admin/landlord` when the Ombudsman's details change; until
/// then, the details published when this was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OmbudsmanContact {
    /// Postal address, one line each, postcode last.
    pub address: Vec<String>,
    pub phone: String,
    pub email: String,
    /// The website's host name, as letters print it: `www.housing-ombudsman.org.uk`.
    pub website: String,
}

impl Default for OmbudsmanContact {
    fn default() -> Self {
        use crate::letters::{
            OMBUDSMAN_ADDRESS, OMBUDSMAN_EMAIL, OMBUDSMAN_PHONE, OMBUDSMAN_WEBSITE,
        };
        Self {
            address: OMBUDSMAN_ADDRESS.iter().map(|l| (*l).to_owned()).collect(),
            phone: OMBUDSMAN_PHONE.to_owned(),
            email: OMBUDSMAN_EMAIL.to_owned(),
            website: OMBUDSMAN_WEBSITE.to_owned(),
        }
    }
}

/// The Ombudsman's details as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OmbudsmanInput {
    pub address: String,
    pub phone: String,
    pub email: String,
    pub website: String,
}

/// The longest website name accepted.
pub const MAX_WEBSITE_CHARS: usize = 100;

impl OmbudsmanContact {
    /// The form's fields, in order (named apart from the landlord's, on the same page).
    pub const FIELDS: [&'static str; 4] = [
        "ombudsman_address",
        "ombudsman_phone",
        "ombudsman_email",
        "ombudsman_website",
    ];

    /// Checks every field at once; the website may be typed with `https://` and a final `/`.
    pub fn parse(input: &OmbudsmanInput) -> Result<Self, FormErrors> {
        let mut problems = Vec::new();
        let address = address_lines(&input.address, "ombudsman_address", &mut problems);
        let phone = input.phone.trim();
        if let Err(e) = PhoneNumber::parse(phone) {
            problems.push(FieldError {
                field: "ombudsman_phone",
                message: e.to_string(),
            });
        }
        let email = EmailAddress::parse(&input.email)
            .map_err(|e| {
                problems.push(FieldError {
                    field: "ombudsman_email",
                    message: e.to_string(),
                })
            })
            .ok();
        let typed = input.website.trim();
        let website = typed
            .strip_prefix("https://")
            .or_else(|| typed.strip_prefix("http://"))
            .unwrap_or(typed)
            .trim_end_matches('/')
            .to_ascii_lowercase();
        let host_like = website.contains('.')
            && !website.starts_with('.')
            && !website.ends_with('.')
            && website.chars().count() <= MAX_WEBSITE_CHARS
            && website
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
        if !host_like {
            problems.push(FieldError {
                field: "ombudsman_website",
                message: "Enter the website's name, for example www.housing-ombudsman.org.uk"
                    .to_owned(),
            });
        }
        match email {
            Some(email) if problems.is_empty() => Ok(Self {
                address,
                phone: phone.to_owned(),
                email: email.as_str().to_owned(),
                website,
            }),
            _ => Err(FormErrors(problems)),
        }
    }

    /// The form's answers for these details (to edit them).
    pub fn input(&self) -> OmbudsmanInput {
        OmbudsmanInput {
            address: self.address.join("\n"),
            phone: self.phone.clone(),
            email: self.email.clone(),
            website: self.website.clone(),
        }
    }

    /// `tel:+443001113000`, for a link that dials it.
    pub fn phone_link(&self) -> String {
        PhoneNumber::parse(&self.phone)
            .map(|p| format!("tel:{}", p.international()))
            .unwrap_or_else(|_| format!("tel:{}", self.phone.replace(' ', "")))
    }

    /// `https://www.housing-ombudsman.org.uk`.
    pub fn website_link(&self) -> String {
        format!("https://{}", self.website)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed() -> LandlordInput {
        LandlordInput {
            name: " Riverside Housing ".into(),
            address: "Complaints team,\n  2 Mill Lane\n\nBradford\nBD1 1AA".into(),
            phone: "01274 960 000".into(),
            email: "Complaints@Riverside.example".into(),
        }
    }

    #[test]
    fn the_details_are_tidied_as_they_are_checked() {
        let landlord = Landlord::parse(&typed()).unwrap();
        assert_eq!(landlord.name, "Riverside Housing");
        assert_eq!(
            landlord.address,
            ["Complaints team", "2 Mill Lane", "Bradford", "BD1 1AA"]
        );
        assert_eq!(landlord.phone, "01274 960 000");
        assert_eq!(landlord.phone_link(), "tel:+441274960000");
        assert_eq!(landlord.email, "Complaints@riverside.example");
        assert_eq!(Landlord::parse(&landlord.input()), Ok(landlord));
    }

    #[test]
    fn every_problem_is_reported_at_once_in_the_forms_order() {
        let errors = Landlord::parse(&LandlordInput {
            phone: "12345".into(),
            email: "nobody".into(),
            ..Default::default()
        })
        .unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "address", "phone", "email"]);
        let mut long = typed();
        long.address = "line\n".repeat(MAX_ADDRESS_LINES + 1);
        assert_eq!(Landlord::parse(&long).unwrap_err().0[0].field, "address");
    }

    #[test]
    fn the_ombudsmans_details_are_checked_and_tidied_every_problem_at_once() {
        let default = OmbudsmanContact::default();
        assert_eq!(
            OmbudsmanContact::parse(&default.input()),
            Ok(default.clone())
        );
        assert_eq!(default.phone_link(), "tel:+443001113000");
        assert_eq!(
            default.website_link(),
            "https://www.housing-ombudsman.org.uk"
        );
        let typed = OmbudsmanInput {
            website: " https://WWW.Housing-Ombudsman.org.uk/ ".into(),
            ..default.input()
        };
        assert_eq!(
            OmbudsmanContact::parse(&typed).unwrap().website,
            "www.housing-ombudsman.org.uk"
        );
        let errors = OmbudsmanContact::parse(&OmbudsmanInput {
            website: "javascript:alert(1)".into(),
            phone: "12345".into(),
            ..Default::default()
        })
        .unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, OmbudsmanContact::FIELDS);
    }

    #[test]
    fn the_demo_landlord_passes_its_own_checks() {
        let demo = Landlord::demo();
        assert_eq!(Landlord::parse(&demo.input()), Ok(demo));
    }
}
