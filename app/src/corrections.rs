//! Correcting a customer's contact details (`domain::form::correction`) at
//! `/staff/customers/{id}/details`: staff who work cases, when the customer tells us one is
//! wrong. Each correction is on every one of the customer's cases' timelines.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The details as kept, to start the form from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailsView {
    pub customer_id: i32,
    pub name: String,
    pub phone: String,
    pub email: String,
    /// The chosen way of contact's code, or empty.
    pub preferred_contact: String,
    pub address: String,
    pub postcode: String,
    /// Their latest case, to go back to.
    pub back: Option<String>,
}

#[server(endpoint = "details_page")]
pub async fn details_page(customer: i32) -> Result<DetailsView, AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let (found, latest) = service::details::of_customer(scope.ctx(), &caller, customer).await?;
    let back = latest.map(|reference| reference.to_string());
    let d = found.details;
    Ok(DetailsView {
        customer_id: found.id,
        name: d.name,
        phone: d.phone.map(|p| p.to_string()).unwrap_or_default(),
        email: d.email.map(|e| e.as_str().to_owned()).unwrap_or_default(),
        preferred_contact: d
            .preferred_contact
            .map(|m| m.code().to_owned())
            .unwrap_or_default(),
        address: d.address.unwrap_or_default(),
        postcode: d.postcode.unwrap_or_default(),
        back,
    })
}

/// Saves the corrected details, every problem at once, and notes it on each case.
#[server(endpoint = "correct_details")]
pub async fn correct_details(
    customer: i32,
    #[server(default)] name: String,
    #[server(default)] phone: String,
    #[server(default)] email: String,
    #[server(default)] preferred_contact: String,
    #[server(default)] address: String,
    #[server(default)] postcode: String,
    #[server(default)] correction_reason: String,
) -> Result<(), AppError> {
    let page = format!("/staff/customers/{customer}/details");
    let typed = crate::refusal::Typed::new(&[
        ("name", Some(&name)),
        ("phone", Some(&phone)),
        ("email", Some(&email)),
        ("preferred_contact", Some(&preferred_contact)),
        ("address", Some(&address)),
        ("postcode", Some(&postcode)),
        ("correction_reason", Some(&correction_reason)),
    ]);
    let result = async {
        let caller = crate::auth::session::caller().await?;
        let scope = crate::state::scope()?;
        service::details::correct(
            scope.ctx(),
            &caller,
            customer,
            &domain::form::correction::CorrectionInput {
                name,
                phone,
                email,
                preferred_contact,
                address,
                postcode,
                reason: correction_reason,
            },
        )
        .await?;
        leptos_axum::redirect(&format!("/staff/customers/{customer}/details?saved=1"));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(
        &page,
        <CorrectDetails as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}
