//! A resident's own data, to download (UK GDPR's right of access, for what they can see
//! themselves): their account, the contact details we hold for them, and every case of
//! theirs as their case pages show it (what they told us, each step they may see, our
//! answers and promises), as one JSON file from `/api/your_data`, linked from their cases
//! page. Staff-only notes and other people's details are left out exactly as their pages
//! leave them out: each case is read through the same door as its page.

use crate::cases::CaseView;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The account someone signs in with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountData {
    pub name: String,
    pub email: String,
}

/// The contact details we hold for the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactData {
    pub name: String,
    pub describes_you: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub preferred_contact: Option<String>,
    pub adjustments: Vec<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
}

/// Everything the download holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalData {
    /// What this file is, in a sentence.
    pub about: String,
    /// "5 December 2026 at 10:15".
    pub made: String,
    pub account: AccountData,
    pub contact_details: Option<ContactData>,
    pub cases: Vec<CaseView>,
}

/// The signed-in resident's data, as a file to save.
#[server(endpoint = "your_data", input = server_fn::codec::GetUrl)]
pub async fn your_data() -> Result<PersonalData, AppError> {
    let account = crate::auth::session::require_account().await?;
    let caller = service::Caller::person(&account);
    let scope = crate::state::scope()?;
    let customer = service::details::own(scope.ctx(), &caller).await?;
    let mut cases = Vec::new();
    for line in crate::cases::my_cases().await? {
        cases.push(crate::cases::read_case(line.reference).await?);
    }
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::CONTENT_DISPOSITION,
            http::HeaderValue::from_static("attachment; filename=\"putright-your-data.json\""),
        );
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }
    let now = domain::london::to_london(crate::clock::now());
    tracing::info!(user = account.id, "a resident downloaded their data");
    Ok(PersonalData {
        about: "Everything Putright holds about you that you can see yourself: your account, your contact details and your cases as your case pages show them. Ask the complaints team for anything else we hold.".to_owned(),
        made: format!(
            "{} at {}",
            domain::deadlines::day_month_year(now.date()),
            now.format("%H:%M")
        ),
        account: AccountData {
            name: account.display_name,
            email: account.email,
        },
        contact_details: customer.map(|c| {
            let d = c.details;
            ContactData {
                name: d.name,
                describes_you: d.describes_you.label(),
                phone: d.phone.map(|p| p.to_string()),
                email: d.email.map(|e| e.as_str().to_owned()),
                preferred_contact: d.preferred_contact.map(|m| m.label().to_owned()),
                adjustments: d.adjustments.iter().map(|a| a.label()).collect(),
                address: d.address,
                postcode: d.postcode,
            }
        }),
        cases,
    })
}

/// What the complaints manager's subject access page says before they download the
/// archive (`GET /staff/customers/{id}/data.zip`, served by the server crate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectAccessView {
    pub customer_id: i32,
    pub name: String,
    pub has_account: bool,
    /// Their cases' references, oldest first.
    pub cases: Vec<String>,
}

/// Whether someone with this role answers subject access requests.
pub fn may_export(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::ExportPersonalData)
}

#[server(endpoint = "subject_access_page")]
pub async fn subject_access_page(customer: i32) -> Result<SubjectAccessView, AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let (found, cases) =
        service::details::for_subject_access(scope.ctx(), &caller, customer).await?;
    let cases = cases.iter().map(ToString::to_string).collect();
    Ok(SubjectAccessView {
        customer_id: found.id,
        name: found.details.name,
        has_account: found.user_id.is_some(),
        cases,
    })
}
