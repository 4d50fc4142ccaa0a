//! `/staff/panel-members`: the tenant panel, and adding a member (admins and the complaints
//! manager). The form works as a plain post without JavaScript.

use crate::components::{ErrorSummary, FormErrors, PageProblem, TextInput};
use crate::panel::members::{AddPanelMember, PanelMemberLine, panel_members};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The form's fields, in the order the error summary lists them.
const FIELDS: [&str; 3] = ["name", "email", "password"];

#[component]
pub fn PanelMembersPage() -> impl IntoView {
    let add = ServerAction::<AddPanelMember>::new();
    let form = FormErrors::new(move || add.value().get(), &FIELDS, "add-button");
    // The list is read again, and the form emptied, only after a member was added: a
    // refused post keeps what was typed.
    let added = RwSignal::new(0u32);
    Effect::new(move |seen: Option<()>| {
        if seen.is_some() && matches!(add.value().get(), Some(Ok(()))) {
            added.update(|n| *n += 1);
        }
    });
    let summary = form.summary();
    let query = use_query_map();
    let just_added = move || query.read().get("added").is_some();
    // After an add, the server sends the browser to `?added=ID`: a new address each time,
    // which reads the list again too.
    let members = Resource::new(
        move || (added.get(), query.read().get("added")),
        |_| panel_members(),
    );
    view! {
        <Title text="Panel members" />
        <ErrorSummary errors=summary />
        <h1 class="heading-l">"Panel members"</h1>
        {move || {
            just_added()
                .then(|| {
                    view! {
                        <div class="panel-notice" role="status">
                            <p class="body">
                                <strong>"Panel member added."</strong>
                                " Give them their first password in person or by phone, never by email."
                            </p>
                        </div>
                    }
                })
        }}
        <p class="body">
            "Members of the tenant panel give an independent view of Stage 2 reviews they are invited to. They only ever see a complaint with the customer's personal details taken out."
        </p>
        <Suspense fallback=|| view! { <p class="body">"Loading the panel…"</p> }>
            {move || {
                members
                    .get()
                    .map(|result| match result {
                        // The form is drawn afresh each time the list is read again
                        // (after an add), which empties it.
                        Ok(list) => view! { <MemberTable list /> <AddForm add form /> }.into_any(),
                        Err(error) => view! { <PageProblem error what="the panel members" next="/staff/panel-members" why="Only an administrator or the complaints manager can see and add panel members." /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn MemberTable(list: Vec<PanelMemberLine>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="body">"There is nobody on the panel yet."</p> }.into_any();
    }
    view! {
        <table class="table panel-members">
            <caption class="visually-hidden">"Members of the tenant panel"</caption>
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Email address"</th>
                    <th scope="col">"Open invitations"</th>
                    <th scope="col">"Views given"</th>
                </tr>
            </thead>
            <tbody>
                {list
                    .into_iter()
                    .map(|m| {
                        view! {
                            <tr>
                                <th scope="row">{m.name}</th>
                                <td class="panel-members__email">{m.email}</td>
                                <td>{m.open_invitations}</td>
                                <td>{m.views_given}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn AddForm(add: ServerAction<AddPanelMember>, form: FormErrors) -> impl IntoView {
    let field = move |name| form.field(name);
    // What was typed, when a refused post without JavaScript sent the page back with it
    // (never the password).
    let query = use_query_map();
    let typed = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let button_error = form.button();
    view! {
        <section class="add-member" aria-labelledby="add-member-title">
            <h2 class="heading-m" id="add-member-title">"Add a panel member"</h2>
            <ActionForm action=add attr:novalidate=true>
                <TextInput
                    name="name"
                    label="Full name"
                    value=typed("name")
                    error=field("name")
                    autocomplete="off"
                    width="input--width-20"
                />
                <TextInput
                    name="email"
                    label="Email address"
                    hint="They sign in with it."
                    value=typed("email")
                    error=field("email")
                    input_type="email"
                    autocomplete="off"
                    width="input--width-20"
                />
                <TextInput
                    name="password"
                    label="First password"
                    hint="12 characters or more: three random words work well. Tell it to them in person or by phone, never by email."
                    value=String::new()
                    error=field("password")
                    input_type="password"
                    autocomplete="new-password"
                    width="input--width-20"
                />
                <div class="form-group" class:form-group--error=move || button_error.get().is_some()>
                    <crate::components::ErrorMessage id="add-button-error".to_owned() error=button_error />
                    <button
                        type="submit"
                        class="button"
                        id="add-button"
                        disabled=move || add.pending().get()
                    >
                        "Add to the panel"
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}
