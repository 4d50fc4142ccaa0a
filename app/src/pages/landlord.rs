//! `/admin/landlord`: the landlord's own name, postal address, phone number and email
//! address, which the front page, every page's footer and every new letter give residents
//! (administrators). Works as a plain post without JavaScript and keeps what was typed when
//! it is refused; every problem is shown at once.

use crate::components::{ErrorSummary, FormErrors, PageProblem, TextArea, TextInput};
use crate::landlord::{LandlordView, SetLandlord, landlord_settings};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The form's fields, in the order the error summary lists them.
const FIELDS: [&str; 4] = ["name", "address", "phone", "email"];

#[component]
pub fn LandlordPage() -> impl IntoView {
    let set = ServerAction::<SetLandlord>::new();
    let form = FormErrors::new(move || set.value().get(), &FIELDS, "landlord-button");
    let query = use_query_map();
    // Read again only after the details were saved: a refused post keeps the form as typed.
    let saves = RwSignal::new(0u32);
    Effect::new(move |seen: Option<()>| {
        if seen.is_some() && matches!(set.value().get(), Some(Ok(()))) {
            saves.update(|n| *n += 1);
        }
    });
    let settings = Resource::new(
        move || (saves.get(), query.read().get("saved")),
        |_| landlord_settings(),
    );
    let summary = form.summary();
    let saved = move || {
        query.read().get("saved").map(|_| {
            view! {
                <div class="panel-notice" role="status">
                    <p class="body">
                        <strong>"The landlord's details are saved."</strong>
                        " The front page, the footer and every letter issued from now on give them."
                    </p>
                </div>
            }
        })
    };
    view! {
        <Title text="The landlord's details" />
        <ErrorSummary errors=summary />
        <h1 class="heading-l">"The landlord's details"</h1>
        {saved}
        <p class="body">
            "Residents see these on the front page and at the foot of every page, and every letter gives them under “How to contact us”. Letters already issued keep the details they were sent with."
        </p>
        <p class="body">
            "Letters, the footer and residents' cases also give "
            <a href="/admin/ombudsman">"the Housing Ombudsman's details"</a>
            ": change them there when the Ombudsman's change."
        </p>
        <Suspense fallback=|| view! { <p class="body">"Loading the details…"</p> }>
            {move || {
                settings
                    .get()
                    .map(|result| match result {
                        Ok(settings) => view! { <DetailsForm settings set form /> }.into_any(),
                        Err(error) => view! {
                            <PageProblem error what="the landlord's details" next="/admin/landlord" why="Only an administrator can change the landlord's details." />
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn DetailsForm(
    settings: LandlordView,
    set: ServerAction<SetLandlord>,
    form: FormErrors,
) -> impl IntoView {
    let current = settings.landlord.input();
    let typed = crate::components::typed_or_stored();
    let changed = settings.changed.unwrap_or_else(|| {
        "These are the demo landlord's details: change them to your own before residents use Putright."
            .to_owned()
    });
    view! {
        <p class="body hint">{changed}</p>
        <ActionForm action=set attr:novalidate=true>
            <TextInput
                name="name"
                label="Landlord's name"
                hint="As residents know you, for example Northgate Homes."
                value=typed("name", &current.name)
                error=form.field("name")
                autocomplete="organization"
            />
            <TextArea
                name="address"
                label="Postal address for complaints"
                hint="One line each, postcode last."
                value=typed("address", &current.address)
                error=form.field("address")
                rows=5
            />
            <TextInput
                name="phone"
                label="Phone number"
                value=typed("phone", &current.phone)
                error=form.field("phone")
                input_type="tel"
                autocomplete="tel"
                width="input--width-20"
            />
            <TextInput
                name="email"
                label="Email address for complaints"
                value=typed("email", &current.email)
                error=form.field("email")
                input_type="email"
                autocomplete="email"
            />
            <div
                class="form-group"
                class:form-group--error=move || form.button().get().is_some()
            >
                <crate::components::ErrorMessage
                    id="landlord-button-error".to_owned()
                    error=form.button()
                />
                <button
                    type="submit"
                    class="button"
                    id="landlord-button"
                    disabled=move || set.pending().get()
                >
                    "Save the details"
                </button>
            </div>
        </ActionForm>
    }
}
