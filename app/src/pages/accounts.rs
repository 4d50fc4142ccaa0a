//! `/admin/accounts` and `/admin/accounts/{id}`: every account with its status, and on an
//! account's page disabling or enabling it, sending it a link to set a new password and
//! ending all its sessions. Administrators only; every form works without JavaScript.

use crate::accounts::{
    AccountDetail, AccountLine, Control, ControlAccount, list_accounts, read_account,
};
use crate::components::{ErrorMessage, PageProblem};
use crate::error::{AppError, error_from_url};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountsPage() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get("search").unwrap_or_default();
    let accounts = Resource::new(search, |search| list_accounts(Some(search)));
    view! {
        <Title text="Accounts" />
        <h1 class="heading-l">"Accounts"</h1>
        <p class="body">
            "Every account: staff, the board, panel members and residents. Open one to disable it, send a link to set a new password, or sign it out everywhere."
        </p>
        <form method="get" action="/admin/accounts" class="accounts-search">
            <div class="form-group">
                <label class="label" for="search">"Email address contains"</label>
                <input class="input" id="search" name="search" type="search" value=search spellcheck="false" />
            </div>
            <button type="submit" class="button button--secondary">"Find"</button>
        </form>
        <Suspense fallback=|| view! { <p class="body">"Loading the accounts…"</p> }>
            {move || {
                accounts
                    .get()
                    .map(|result| match result {
                        Ok(lines) if lines.is_empty() => {
                            view! { <p class="body">"No account has an address like that."</p> }
                                .into_any()
                        }
                        Ok(lines) => view! { <AccountTable lines /> }.into_any(),
                        Err(error) => {
                            view! { <PageProblem error what="the accounts" next="/admin/accounts" /> }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn AccountTable(lines: Vec<AccountLine>) -> impl IntoView {
    view! {
        <table class="table">
            <caption class="visually-hidden">"Accounts"</caption>
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Email address"</th>
                    <th scope="col">"Role"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>
                {lines
                    .into_iter()
                    .map(|line| {
                        view! {
                            <tr>
                                <th scope="row">
                                    <a href=format!("/admin/accounts/{}", line.id)>{line.name}</a>
                                </th>
                                <td>{line.email}</td>
                                <td>{line.role}</td>
                                <td><StatusTag disabled=line.disabled /></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn StatusTag(disabled: bool) -> impl IntoView {
    if disabled {
        view! { <strong class="tag tag--red">"Disabled"</strong> }.into_any()
    } else {
        view! { <strong class="tag tag--green">"Active"</strong> }.into_any()
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let control = ServerAction::<ControlAccount>::new();
    let query = use_query_map();
    let id = crate::components::id_param();
    let done = move || {
        query
            .read()
            .get("done")
            .and_then(|code| Control::from_code(&code))
    };
    let detail = Resource::new(
        move || (id(), control.version().get(), done()),
        |(id, _, _)| async move {
            match id {
                Some(id) => read_account(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let url_error = error_from_url();
    let refusal = Signal::derive(move || match control.value().get() {
        Some(Err(e)) => Some(e.to_string()),
        Some(Ok(())) => None,
        None => url_error.as_ref().map(ToString::to_string),
    });
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading the account…"</p> }>
            {move || {
                detail
                    .get()
                    .map(|result| match result {
                        Ok(detail) => view! { <Account detail control refusal done=done() /> }.into_any(),
                        Err(error) => {
                            view! { <PageProblem error what="this account" next="/admin/accounts" /> }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Account(
    detail: AccountDetail,
    control: ServerAction<ControlAccount>,
    refusal: Signal<Option<String>>,
    done: Option<Control>,
) -> impl IntoView {
    let disabled = detail.disabled_since.is_some();
    let status = detail
        .disabled_since
        .clone()
        .unwrap_or_else(|| "Active".to_owned());
    let sessions = match detail.sessions {
        0 => "Not signed in anywhere".to_owned(),
        1 => "Signed in on 1 device".to_owned(),
        n => format!("Signed in on {n} devices"),
    };
    let id = detail.id;
    let button = move |what: Control, label: &'static str, warning: bool| {
        view! { <ControlButton id what label warning control /> }
    };
    let name = detail.name.clone();
    view! {
        <Title text=name.clone() />
        <p class="body"><a href="/admin/accounts">"All accounts"</a></p>
        <h1 class="heading-l">{name}</h1>
        {done
            .map(|done| {
                view! {
                    <div class="panel-notice" role="status">
                        <p class="body"><strong>{done.done()}</strong></p>
                    </div>
                }
            })}
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"Email address"</dt>
                <dd class="summary-list__value">{detail.email.clone()}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Role"</dt>
                <dd class="summary-list__value">{detail.role.clone()}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Status"</dt>
                <dd class="summary-list__value">{status}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Sessions"</dt>
                <dd class="summary-list__value">{sessions}</dd>
            </div>
            {detail
                .second_factor
                .map(|set_up| {
                    view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">"Second factor"</dt>
                            <dd class="summary-list__value">
                                {if set_up {
                                    "Authenticator app set up"
                                } else {
                                    "Not set up: asked for at the next sign-in"
                                }}
                            </dd>
                        </div>
                    }
                })}
        </dl>
        <ErrorMessage id="account-controls-error".to_owned() error=refusal />
        <div class="account-controls">
            {if disabled {
                button(Control::Enable, "Enable account", false).into_any()
            } else if detail.is_self {
                view! {
                    <p class="body">"You cannot disable your own account: ask another administrator."</p>
                }
                    .into_any()
            } else {
                button(Control::Disable, "Disable account", true).into_any()
            }}
            {(!disabled).then(|| button(Control::SendResetLink, "Send a link to set a new password", false))}
            {(detail.sessions > 0).then(|| button(Control::EndSessions, "Sign out everywhere", false))}
            {(detail.second_factor == Some(true))
                .then(|| button(Control::ResetSecondFactor, "Reset the second factor", true))}
        </div>
    }
}

/// One of an account's buttons: a form of its own, so it works without JavaScript.
#[component]
fn ControlButton(
    id: i32,
    what: Control,
    label: &'static str,
    warning: bool,
    control: ServerAction<ControlAccount>,
) -> impl IntoView {
    view! {
        <ActionForm action=control attr:class="account-controls__form">
            <input type="hidden" name="id" value=id.to_string() />
            <input type="hidden" name="control" value=what.code() />
            <button
                type="submit"
                class="button"
                class:button--warning=warning
                class:button--secondary=!warning
                disabled=move || control.pending().get()
            >
                {label}
            </button>
        </ActionForm>
    }
}
