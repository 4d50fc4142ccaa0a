//! `/admin/api-clients` and `/admin/api-clients/{id}`: the integration API's clients, kept by
//! an administrator (see `crate::api_clients`). The list shows each client with its role,
//! scopes, the last four characters of its token, when it was made and last used and
//! whether it is revoked; a form below makes one. A client's page shows its token once, to
//! the administrator who made it, then its details, its latest calls and a button to
//! revoke the token after a confirmation step. Plain posts without JavaScript; a refused
//! form keeps what was typed.

use crate::api_clients::{
    CallLine, ClientDetail, ClientLine, CreateApiClient, FIELDS, NAME_MAX_CHARS, PAGE,
    RevokeApiClient, TokenView, api_client, api_clients, client_roles,
};
use crate::components::{
    Checkboxes, ErrorMessage, ErrorSummary, FormErrors, PageProblem, Radios, TextInput,
};
use domain::access::clients::Scope;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const WHY: &str = "API clients are made and revoked by an administrator.";

#[component]
pub fn ApiClientsPage() -> impl IntoView {
    let create = ServerAction::<CreateApiClient>::new();
    let form = FormErrors::for_path(
        <CreateApiClient as server_fn::ServerFn>::PATH,
        move || create.value().get(),
        &FIELDS,
        "make-button",
    );
    let list = Resource::new(|| (), |_| api_clients());
    view! {
        <Title text="API clients" />
        <ErrorSummary errors=form.summary() />
        <h1 class="heading-l">"API clients"</h1>
        <p class="body">
            "Other systems, such as a housing-management system or a reporting tool, use Putright's API with a token instead of a person signing in. Each client acts with a role and may do only what its scopes allow, and never more than someone in that role may."
        </p>
        <Suspense fallback=|| view! { <p class="body">"Loading the API clients…"</p> }>
            {move || {
                list.get()
                    .map(|result| match result {
                        Ok(lines) => view! {
                            <Clients lines />
                            <MakeForm create form />
                        }
                        .into_any(),
                        Err(error) => view! {
                            <PageProblem error what="the API clients" next=PAGE why=WHY />
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

/// A client's status as a tag.
fn status_tag(revoked: bool) -> impl IntoView {
    if revoked {
        view! { <strong class="tag tag--red">"Revoked"</strong> }.into_any()
    } else {
        view! { <strong class="tag tag--green">"Active"</strong> }.into_any()
    }
}

/// The token as a list shows it: its last four characters, or why there are none.
fn token_words(line: &ClientLine) -> String {
    match (&line.token_hint, &line.revoked) {
        (Some(hint), _) => hint.clone(),
        (None, Some(_)) => "Never shown".to_owned(),
        (None, None) => "Not shown yet".to_owned(),
    }
}

#[component]
fn Clients(lines: Vec<ClientLine>) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p class="body">"There are no API clients yet."</p> }.into_any();
    }
    let rows = lines
        .into_iter()
        .map(|line| {
            let token = token_words(&line);
            let scopes = line
                .scopes
                .iter()
                .map(|s| view! { <li><code>{s.clone()}</code></li> })
                .collect_view();
            view! {
                <tr>
                    <th scope="row" data-label="Name">
                        <a href=format!("{PAGE}/{}", line.id)>{line.name.clone()}</a>
                    </th>
                    <td data-label="Role">{line.role.clone()}</td>
                    <td data-label="Scopes"><ul class="api-clients__scopes">{scopes}</ul></td>
                    <td data-label="Token" class="api-clients__nowrap"><code>{token}</code></td>
                    <td data-label="Made" class="api-clients__nowrap">{line.created.clone()}</td>
                    <td data-label="Last used">{line.last_used.clone().unwrap_or_else(|| "Never".to_owned())}</td>
                    <td data-label="Status">{status_tag(line.revoked.is_some())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table api-clients">
            <caption class="table__caption">"API clients, the newest first"</caption>
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Role"</th>
                    <th scope="col">"Scopes"</th>
                    <th scope="col">"Token"</th>
                    <th scope="col">"Made"</th>
                    <th scope="col">"Last used"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// The scopes as checkboxes, each with its name as the API's reference gives it.
#[component]
fn ScopeChoices(chosen: Vec<String>, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Checkboxes
            name="scopes"
            legend="What it may do"
            hint="Choose all it needs, and no more."
            options=Scope::ALL.into_iter().map(|s| (s.as_str(), s.describe())).collect()
            selected=chosen
            error=error
            many=true
            coded="Scope"
        />
    }
}

#[component]
fn MakeForm(create: ServerAction<CreateApiClient>, form: FormErrors) -> impl IntoView {
    // What was typed, when a refused post without JavaScript sent the page back with it.
    let query = use_query_map();
    let typed = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let chosen: Vec<String> = typed("scopes")
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let roles: Vec<(&'static str, &'static str)> = client_roles()
        .into_iter()
        .map(|r| (r.as_str(), r.label()))
        .collect();
    let button_error = form.button();
    view! {
        <section aria-labelledby="make-title">
            <h2 class="heading-m" id="make-title">"Make a client"</h2>
            <p class="body">
                "Its token is shown once, on the next page, to you alone. Have whoever sets up the other system ready to copy it."
            </p>
            <ActionForm action=create attr:novalidate=true>
                <TextInput
                    name="name"
                    label="Name"
                    hint="The system that will use it, so anyone can tell what it is: for example, Housing management system. Up to 80 characters."
                    value=typed("name")
                    error=form.field("name")
                    autocomplete="off"
                    width="input--width-20"
                />
                <Radios
                    name="role"
                    legend="Role it acts with"
                    hint="It can do only what someone in this role can. An administrator's, a resident's or a panel member's role cannot be given to a client."
                    options=roles
                    selected=typed("role")
                    error=form.field("role")
                />
                <ScopeChoices chosen error=form.field("scopes") />
                <div class="form-group" class:form-group--error=move || button_error.get().is_some()>
                    <ErrorMessage id="make-button-error".to_owned() error=button_error />
                    <button type="submit" class="button" id="make-button" disabled=move || create.pending().get()>
                        "Make the client"
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ApiClientPage() -> impl IntoView {
    let revoke = ServerAction::<RevokeApiClient>::new();
    let form = FormErrors::new(move || revoke.value().get(), &[], "revoke-button");
    let params = use_params_map();
    let detail = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        api_client,
    );
    view! {
        <ErrorSummary errors=form.summary() />
        <Suspense fallback=|| view! { <p class="body">"Loading the API client…"</p> }>
            {move || {
                detail
                    .get()
                    .map(|result| match result {
                        Ok(detail) => view! { <Client detail revoke form /> }.into_any(),
                        Err(error) => view! {
                            <PageProblem error what="this API client" next=PAGE why=WHY />
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Client(
    detail: ClientDetail,
    revoke: ServerAction<RevokeApiClient>,
    form: FormErrors,
) -> impl IntoView {
    let query = use_query_map();
    let just_revoked = query.read_untracked().get("revoked").is_some();
    let confirming = query.read_untracked().get("confirm").as_deref() == Some("revoke");
    let page = format!("{PAGE}/{}", detail.line.id);
    if confirming && detail.revoked_at.is_none() {
        return view! { <ConfirmRevoke detail page revoke form /> }.into_any();
    }
    let ClientDetail {
        line,
        scopes,
        created_at,
        created_by,
        last_used_at,
        revoked_at,
        token,
        calls,
    } = detail;
    let just_made = matches!(token, TokenView::New(_));
    let top = match &token {
        TokenView::New(token) => view! {
            <Title text="API client made" />
            <div class="panel panel--confirmation">
                <h1 class="panel__title">"API client made"</h1>
                <div class="panel__body">{line.name.clone()}</div>
            </div>
            <div class="warning-text">
                <span class="warning-text__icon" aria-hidden="true">"!"</span>
                <strong class="warning-text__text">
                    <span class="visually-hidden">"Warning: "</span>
                    "Copy this token now: it will not be shown again."
                </strong>
            </div>
            <h2 class="heading-m">"Its token"</h2>
            <p class="body">
                <code class="api-token" id="token">{token.clone()}</code>
            </p>
            <p class="body">
                "Give it to whoever sets up the other system by a safe route, such as a password manager, never by email. The system sends it with every call, in the header "
                <code>"Authorization: Bearer"</code>
                " followed by the token. If it is lost, revoke this client and make a new one."
            </p>
            <h2 class="heading-m">"The client"</h2>
        }
        .into_any(),
        _ => view! {
            <Title text=line.name.clone() />
            <a class="back-link" href=PAGE>"Back to the API clients"</a>
            <span class="caption">"API client"</span>
            <h1 class="heading-l">{line.name.clone()}</h1>
        }
        .into_any(),
    };
    let notice = match (&revoked_at, just_revoked) {
        (Some(when), true) => Some(view! {
            <div class="panel-notice" role="status">
                <p class="body">
                    <strong>{format!("This token was revoked on {when}.")}</strong>
                    " Anything still using it can no longer call the API."
                </p>
            </div>
        }),
        _ => None,
    };
    let waiting = match &token {
        TokenView::Waiting { by } if revoked_at.is_none() => Some(view! {
            <div class="inset">
                <p class="body">
                    {format!(
                        "Its token has not been shown yet. It is shown once, to {by}, who made this client, when they open this page.",
                    )}
                </p>
            </div>
        }),
        _ => None,
    };
    let token_row = match (&token, &line.token_hint) {
        (TokenView::New(_), _) => "Shown above, this once".to_owned(),
        (_, Some(hint)) => format!("Ends {hint}"),
        (_, None) if revoked_at.is_some() => "Never shown".to_owned(),
        (_, None) => "Not shown yet".to_owned(),
    };
    let status = match &revoked_at {
        Some(when) => view! {
            <strong class="tag tag--red">"Revoked"</strong>
            {format!(" on {when}")}
        }
        .into_any(),
        None => view! { <strong class="tag tag--green">"Active"</strong> }.into_any(),
    };
    let scope_items = scopes
        .into_iter()
        .map(|s| {
            view! {
                <li>
                    {s.what}
                    " ("<code>{s.name}</code>")"
                </li>
            }
        })
        .collect_view();
    // Just made: the token, the details and the way on, nothing else to distract.
    let rest = if just_made {
        view! {
            <p class="body">
                <a href=PAGE class="button">"I have copied the token"</a>
            </p>
        }
        .into_any()
    } else {
        let revoking = revoked_at.is_none().then(|| {
            view! {
                <h2 class="heading-m">"Revoke the token"</h2>
                <p class="body">
                    "Revoke it if the other system no longer needs it, or if the token may have been seen by someone who should not have it."
                </p>
                <a href=format!("{page}?confirm=revoke") class="button button--warning">
                    "Revoke this token"
                </a>
            }
        });
        view! {
            <Calls calls />
            {revoking}
        }
        .into_any()
    };
    view! {
        {top}
        {notice}
        {waiting}
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"Name"</dt>
                <dd class="summary-list__value">{line.name.clone()}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Role it acts with"</dt>
                <dd class="summary-list__value">{line.role.clone()}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"What it may do"</dt>
                <dd class="summary-list__value">
                    <ul class="list api-clients__scopes">{scope_items}</ul>
                </dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Token"</dt>
                <dd class="summary-list__value">{token_row}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Made"</dt>
                <dd class="summary-list__value">{format!("{created_at} by {created_by}")}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Last used"</dt>
                <dd class="summary-list__value">{last_used_at.unwrap_or_else(|| "Never".to_owned())}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Status"</dt>
                <dd class="summary-list__value">{status}</dd>
            </div>
        </dl>
        {rest}
    }
    .into_any()
}

#[component]
fn Calls(calls: Vec<CallLine>) -> impl IntoView {
    let heading = view! { <h2 class="heading-m">"Latest calls"</h2> };
    if calls.is_empty() {
        return view! {
            {heading}
            <p class="body">"It has made no calls yet."</p>
        }
        .into_any();
    }
    let caption = match calls.len() {
        1 => "Its one call".to_owned(),
        n if n as u64 >= crate::api_clients::CALLS_SHOWN => {
            format!("Its last {n} calls, the newest first")
        }
        n => format!("Its {n} calls, the newest first"),
    };
    let rows = calls
        .into_iter()
        .map(|call| {
            view! {
                <tr>
                    <td data-label="Time">{call.at}</td>
                    <td data-label="Method"><code>{call.method}</code></td>
                    <td data-label="Path" class="api-calls__path"><code>{call.path}</code></td>
                    <td data-label="Status" class="table__numeric">{call.status}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {heading}
        <table class="table api-calls">
            <caption class="table__caption">{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">"Time (London)"</th>
                    <th scope="col">"Method"</th>
                    <th scope="col">"Path"</th>
                    <th scope="col" class="table__numeric">"Status"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// The confirmation step before a token is revoked: what will happen, then the button.
#[component]
fn ConfirmRevoke(
    detail: ClientDetail,
    page: String,
    revoke: ServerAction<RevokeApiClient>,
    form: FormErrors,
) -> impl IntoView {
    let button_error = form.button();
    let line = detail.line;
    let token = line
        .token_hint
        .as_ref()
        .map_or_else(String::new, |hint| format!(" with the token ending {hint}"));
    let used = line.last_used.as_ref().map_or_else(
        || "It has never been used.".to_owned(),
        |when| format!("It was last used on {when}."),
    );
    let title = "Are you sure you want to revoke this token?";
    view! {
        <Title text=title />
        <a class="back-link" href=page.clone()>{format!("Back to {}", line.name)}</a>
        <span class="caption">{line.name.clone()}</span>
        <h1 class="heading-l">{title}</h1>
        <p class="body">
            {format!("Revoking it stops {} calling the API{token}. {used}", line.name)}
        </p>
        <div class="warning-text">
            <span class="warning-text__icon" aria-hidden="true">"!"</span>
            <strong class="warning-text__text">
                <span class="visually-hidden">"Warning: "</span>
                "Anything using this token will stop working at once. This cannot be undone: to connect the system again, make a new client."
            </strong>
        </div>
        <ActionForm action=revoke>
            <input type="hidden" name="id" value=line.id.to_string() />
            <div class="form-group" class:form-group--error=move || button_error.get().is_some()>
                <ErrorMessage id="revoke-button-error".to_owned() error=button_error />
                <div class="button-group">
                    <button
                        type="submit"
                        class="button button--warning"
                        id="revoke-button"
                        disabled=move || revoke.pending().get()
                    >
                        "Yes, revoke this token"
                    </button>
                    <a href=page>"No, keep it"</a>
                </div>
            </div>
        </ActionForm>
    }
}

/// The most characters a name may have, for the hint (kept in step with the rule).
const _: () = assert!(NAME_MAX_CHARS == 80);
