//! `/staff/customers/{id}/details`: correct a customer's contact details when they tell us
//! one is wrong. A plain form post that works without JavaScript; a refused one comes back
//! with what was typed and every problem listed.

use crate::components::{
    ErrorMessage, ErrorSummary, FormErrors, PageProblem, Radios, TextArea, TextInput,
};
use crate::corrections::{CorrectDetails, DetailsView, details_page};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const FIELDS: [&str; 7] = domain::form::correction::FIELDS;

#[component]
pub fn DetailsPage() -> impl IntoView {
    let id_param = crate::components::id_param();
    let id = move || id_param().unwrap_or(0);
    let save = ServerAction::<CorrectDetails>::new();
    let form = FormErrors::for_path(
        <CorrectDetails as server_fn::ServerFn>::PATH,
        move || save.value().get(),
        &FIELDS,
        "details-button",
    );
    let query = use_query_map();
    let page = Resource::new(
        move || (id(), query.read().get("saved")),
        |(id, _)| details_page(id),
    );
    view! {
        <ErrorSummary errors=form.summary() />
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || {
                page.get()
                    .map(|result| match result {
                        Ok(view) => view! { <DetailsForm view save form /> }.into_any(),
                        Err(error) => view! {
                            <Title text="Correct contact details" />
                            <h1 class="heading-l">"Correct contact details"</h1>
                            <PageProblem
                                error
                                what="this customer's details"
                                next="/staff"
                                why="Only staff who work cases correct a customer's details."
                            />
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn DetailsForm(
    view: DetailsView,
    save: ServerAction<CorrectDetails>,
    form: FormErrors,
) -> impl IntoView {
    let query = use_query_map();
    let typed = crate::components::typed_or_stored();
    let title = format!("Correct {}'s contact details", view.name);
    let back = view.back.clone().map(|reference| {
        view! {
            <p class="body">
                <a href=format!("/staff/cases/{reference}") class="back-link">"Back to the case"</a>
            </p>
        }
    });
    let saved = move || {
        query.read().get("saved").map(|_| {
            view! {
                <div class="panel-notice" role="status">
                    <p class="body">
                        <strong>"The details are corrected."</strong>
                        " Each of their cases records what changed and why."
                    </p>
                </div>
            }
        })
    };
    let options: Vec<(&'static str, &'static str)> = vec![
        ("phone", "Phone"),
        ("text", "Text message"),
        ("email", "Email"),
        ("letter", "Letter"),
    ];
    view! {
        <Title text=title.clone() />
        {back}
        <h1 class="heading-l">{title}</h1>
        {saved}
        <p class="body">
            "Change what the customer told us is wrong. Letters and messages from now on use the new details; letters already sent stay as they were. The case records which details changed and why, but not the old ones."
        </p>
        <ActionForm action=save attr:novalidate=true>
            <input type="hidden" name="customer" value=view.customer_id />
            <TextInput
                name="name"
                label="Name"
                value=typed("name", &view.name)
                error=form.field("name")
                autocomplete="off"
            />
            <TextInput
                name="phone"
                label="Phone number"
                value=typed("phone", &view.phone)
                error=form.field("phone")
                input_type="tel"
                autocomplete="off"
                width="input--width-20"
            />
            <TextInput
                name="email"
                label="Email address"
                value=typed("email", &view.email)
                error=form.field("email")
                input_type="email"
                autocomplete="off"
            />
            <Radios
                name="preferred_contact"
                legend="How do they want us to contact them?"
                options
                selected=typed("preferred_contact", &view.preferred_contact)
                error=form.field("preferred_contact")
            />
            <TextArea
                name="address"
                label="Address"
                value=typed("address", &view.address)
                error=form.field("address")
                rows=3
            />
            <TextInput
                name="postcode"
                label="Postcode"
                value=typed("postcode", &view.postcode)
                error=form.field("postcode")
                autocomplete="off"
                width="input--width-10"
            />
            <TextArea
                name="correction_reason"
                label="Why the details are corrected"
                hint="For example: she phoned to say she has moved. The customer sees this on their case."
                value=typed("correction_reason", "")
                error=form.field("correction_reason")
                rows=3
            />
            <div class="form-group" class:form-group--error=move || form.button().get().is_some()>
                <ErrorMessage id="details-button-error".to_owned() error=form.button() />
                <button type="submit" class="button" id="details-button" disabled=move || save.pending().get()>
                    "Save the corrected details"
                </button>
            </div>
        </ActionForm>
    }
}
