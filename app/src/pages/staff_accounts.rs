//! `/admin/staff`: staff and board accounts, who manages whom, and adding someone. Every
//! form works as a plain post without JavaScript.

use crate::components::{ErrorSummary, FormErrors, PageProblem, Radios, TextInput};
use crate::error::AppError;
use crate::staff_accounts::{
    AddStaff, ManagerChoice, ROLES, SetManager, StaffLine, StaffList, staff_accounts,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The add form's fields, in the order the error summary lists them.
const FIELDS: [&str; 5] = ["name", "email", "role", "manager", "password"];

#[component]
pub fn StaffAccountsPage() -> impl IntoView {
    let add = ServerAction::<AddStaff>::new();
    let set = ServerAction::<SetManager>::new();
    // The manager's drop-down has its own id; every other field's is its name.
    let form = FormErrors::for_path(
        <AddStaff as server_fn::ServerFn>::PATH,
        move || add.value().get(),
        &FIELDS,
        "add-button",
    )
    .with_ids(|field| (field == "manager").then_some("add-manager"));
    // Read again after someone was added or a manager changed; a refused post keeps what
    // was typed.
    let changed = RwSignal::new(0u32);
    Effect::new(move |seen: Option<()>| {
        let added = matches!(add.value().get(), Some(Ok(())));
        let moved = matches!(set.value().get(), Some(Ok(())));
        if seen.is_some() && (added || moved) {
            changed.update(|n| *n += 1);
        }
    });
    let summary = form.summary();
    let set_refused = crate::error::error_from_url_for(<SetManager as server_fn::ServerFn>::PATH);
    let set_error = Signal::derive(move || match set.value().get() {
        Some(result) => result.err(),
        None => set_refused.clone(),
    });
    let query = use_query_map();
    let just_added = move || query.read().get("added").is_some();
    // After an add, the server sends the browser to `?added=ID`: a new address each time,
    // which reads the list again too.
    let accounts = Resource::new(
        move || (changed.get(), query.read().get("added")),
        |_| staff_accounts(),
    );
    view! {
        <Title text="Staff accounts" />
        <ErrorSummary errors=summary />
        <h1 class="heading-l">"Staff accounts"</h1>
        {move || {
            just_added()
                .then(|| {
                    view! {
                        <div class="panel-notice" role="status">
                            <p class="body">
                                <strong>"Account added."</strong>
                                " Give them their first password in person or by phone, never by email."
                            </p>
                        </div>
                    }
                })
        }}
        <p class="body">
            "Someone's manager is warned when a complaint they handle reaches its due day, and sees their cases under My team on the work queue."
        </p>
        <Suspense fallback=|| view! { <p class="body">"Loading the accounts…"</p> }>
            {move || {
                accounts
                    .get()
                    .map(|result| match result {
                        Ok(accounts) => {
                            view! {
                                <People accounts=accounts.clone() set set_error />
                                <AddForm add form managers=accounts.managers />
                            }
                                .into_any()
                        }
                        Err(error) => {
                            view! { <PageProblem error what="staff accounts" next="/admin/staff" /> }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn People(
    accounts: StaffList,
    set: ServerAction<SetManager>,
    set_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let managers = accounts.managers.clone();
    view! {
        {move || {
            set_error
                .get()
                .map(|e| {
                    view! {
                        <div class="inset inset--error" role="alert">
                            <p class="body">
                                <strong>"The manager was not changed: "</strong>
                                {e.to_string()}
                            </p>
                        </div>
                    }
                })
        }}
        <table class="table staff-accounts">
            <caption class="visually-hidden">"Staff and board accounts"</caption>
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Role"</th>
                    <th scope="col">"Manager"</th>
                </tr>
            </thead>
            <tbody>
                {accounts
                    .people
                    .into_iter()
                    .map(|person| view! { <Person person managers=managers.clone() set /> })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Person(
    person: StaffLine,
    managers: Vec<ManagerChoice>,
    set: ServerAction<SetManager>,
) -> impl IntoView {
    let select_id = format!("manager-{}", person.id);
    let label = format!("Manager of {}", person.name);
    let choices: Vec<ManagerChoice> = managers.into_iter().filter(|m| m.id != person.id).collect();
    view! {
        <tr>
            <th scope="row">
                {person.name.clone()} <br />
                <span class="hint staff-accounts__email">{person.email}</span>
            </th>
            <td>{person.role}</td>
            <td>
                <ActionForm action=set attr:class="staff-accounts__manager">
                    <input type="hidden" name="member" value=person.id.to_string() />
                    <label class="visually-hidden" for=select_id.clone()>{label}</label>
                    <select class="select" id=select_id name="manager">
                        <option value="" selected=person.manager_id.is_none()>"Nobody"</option>
                        {choices
                            .into_iter()
                            .map(|m| {
                                let chosen = person.manager_id == Some(m.id);
                                view! {
                                    <option value=m.id.to_string() selected=chosen>{m.name}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <button type="submit" class="button button--secondary">
                        "Save"
                        <span class="visually-hidden">{format!(" the manager of {}", person.name)}</span>
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}

#[component]
fn AddForm(
    add: ServerAction<AddStaff>,
    form: FormErrors,
    managers: Vec<ManagerChoice>,
) -> impl IntoView {
    let field = move |name| form.field(name);
    let button_error = form.button();
    let roles: Vec<(&'static str, &'static str)> =
        ROLES.into_iter().map(|r| (r.as_str(), r.label())).collect();
    let manager_error = field("manager");
    // What was typed, when a refused post without JavaScript sent the page back with it
    // (never the password).
    let query = use_query_map();
    let typed = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let chosen_manager = typed("manager");
    view! {
        <section class="add-member" aria-labelledby="add-staff-title">
            <h2 class="heading-m" id="add-staff-title">"Add someone"</h2>
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
                    hint="They sign in with it, and deadline warnings go to it."
                    value=typed("email")
                    error=field("email")
                    input_type="email"
                    autocomplete="off"
                    width="input--width-20"
                />
                <Radios name="role" legend="Role" options=roles selected=typed("role") error=field("role") />
                <div class="form-group" class:form-group--error=move || manager_error.get().is_some()>
                    <label class="label" for="add-manager">"Manager (optional)"</label>
                    <crate::components::ErrorMessage id="manager-error".to_owned() error=manager_error />
                    <select class="select" id="add-manager" name="manager">
                        <option value="">"Nobody"</option>
                        {managers
                            .into_iter()
                            .map(|m| {
                                let id = m.id.to_string();
                                let selected = id == chosen_manager;
                                view! { <option value=id selected=selected>{m.name}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
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
                        "Add the account"
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}
