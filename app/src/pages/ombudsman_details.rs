//! `/admin/ombudsman`: the Housing Ombudsman's postal address, phone number, email address
//! and website, which every letter offering the Ombudsman, every page's footer and a
//! resident's case give (administrators). One setting: when the Ombudsman's details change,
//! an administrator changes them here and nothing else needs to. Works as a plain post
//! without JavaScript and keeps what was typed when it is refused; every problem is shown at
//! once.

use crate::components::{ErrorSummary, FormErrors, PageProblem, TextArea, TextInput};
use crate::landlord::{OmbudsmanView, SetOmbudsman, ombudsman_settings};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const FIELDS: [&str; 4] = domain::landlord::OmbudsmanContact::FIELDS;

#[component]
pub fn OmbudsmanDetailsPage() -> impl IntoView {
    let set = ServerAction::<SetOmbudsman>::new();
    let form = FormErrors::new(move || set.value().get(), &FIELDS, "ombudsman-button");
    let query = use_query_map();
    let settings = Resource::new(move || query.read().get("saved"), |_| ombudsman_settings());
    let saved = move || {
        query.read().get("saved").map(|_| {
            view! {
                <div class="panel-notice" role="status">
                    <p class="body">
                        <strong>"The Housing Ombudsman's details are saved."</strong>
                        " The footer, residents' cases and every letter issued from now on give them."
                    </p>
                </div>
            }
        })
    };
    view! {
        <Title text="The Housing Ombudsman's details" />
        <ErrorSummary errors=form.summary() />
        <a class="back-link" href="/admin/landlord">"Back to the landlord's details"</a>
        <h1 class="heading-l">"The Housing Ombudsman's details"</h1>
        {saved}
        <p class="body">
            "Every letter that offers the Housing Ombudsman gives these, as do the foot of every page and a resident's case once they may go to the Ombudsman. Change them here only when the Ombudsman publishes new ones. Letters already issued keep the details they were sent with."
        </p>
        <Suspense fallback=|| view! { <p class="body">"Loading the details…"</p> }>
            {move || {
                settings
                    .get()
                    .map(|result| match result {
                        Ok(settings) => view! { <DetailsForm settings set form /> }.into_any(),
                        Err(error) => view! {
                            <PageProblem error what="the Housing Ombudsman's details" next="/admin/ombudsman" why="Only an administrator can change the Housing Ombudsman's details." />
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn DetailsForm(
    settings: OmbudsmanView,
    set: ServerAction<SetOmbudsman>,
    form: FormErrors,
) -> impl IntoView {
    let current = settings.contact.input();
    let typed = crate::components::typed_or_stored();
    let changed = settings.changed.unwrap_or_else(|| {
        "These are the details the Housing Ombudsman published, built into Putright.".to_owned()
    });
    view! {
        <p class="body hint">{changed}</p>
        <ActionForm action=set attr:novalidate=true>
            <TextArea
                name="ombudsman_address"
                label="Postal address"
                hint="One line each, postcode last."
                value=typed("ombudsman_address", &current.address)
                error=form.field("ombudsman_address")
                rows=5
            />
            <TextInput
                name="ombudsman_phone"
                label="Phone number"
                value=typed("ombudsman_phone", &current.phone)
                error=form.field("ombudsman_phone")
                input_type="tel"
                autocomplete="off"
                width="input--width-20"
            />
            <TextInput
                name="ombudsman_email"
                label="Email address"
                value=typed("ombudsman_email", &current.email)
                error=form.field("ombudsman_email")
                input_type="email"
                autocomplete="off"
            />
            <TextInput
                name="ombudsman_website"
                label="Website"
                hint="As letters print it, for example www.housing-ombudsman.org.uk."
                value=typed("ombudsman_website", &current.website)
                error=form.field("ombudsman_website")
                autocomplete="off"
            />
            <div class="form-group" class:form-group--error=move || form.button().get().is_some()>
                <crate::components::ErrorMessage id="ombudsman-button-error".to_owned() error=form.button() />
                <button type="submit" class="button" id="ombudsman-button" disabled=move || set.pending().get()>
                    "Save the details"
                </button>
            </div>
        </ActionForm>
    }
}
