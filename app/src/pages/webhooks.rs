//! `/admin/webhooks` and `/admin/webhooks/{id}`: addresses told at once when a case is logged
//! or moves on, kept by an administrator (see `crate::webhooks`). The list shows each
//! webhook's address, events, when it was registered, whether it is disabled and how its
//! latest delivery went; a form below registers one. A webhook's page shows its signing key
//! once, to the administrator who registered it, with how a receiver checks a delivery, then
//! its details, its latest deliveries and a button to disable it after a confirmation step.
//! Plain posts without JavaScript; a refused form keeps what was typed.

use crate::components::{
    Checkboxes, ErrorMessage, ErrorSummary, FormErrors, PageProblem, TextInput,
};
use crate::webhooks::{
    CreateWebhook, DELIVERIES_SHOWN, DeliveryLine, DeliveryState, DisableWebhook, FIELDS, KeyView,
    PAGE, Standing, WebhookDetail, WebhookLine, webhook, webhooks,
};
use domain::webhooks::Event;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const WHY: &str = "Webhooks are registered and disabled by an administrator.";

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let create = ServerAction::<CreateWebhook>::new();
    let form = FormErrors::for_path(
        <CreateWebhook as server_fn::ServerFn>::PATH,
        move || create.value().get(),
        &FIELDS,
        "register-button",
    );
    let list = Resource::new(|| (), |_| webhooks());
    view! {
        <Title text="Webhooks" />
        <ErrorSummary errors=form.summary() />
        <h1 class="heading-l">"Webhooks"</h1>
        <p class="body">
            "A webhook tells another system, such as a housing-management system, the moment a case is logged or moves on, so it does not have to keep asking. Putright sends a short message to the address the other system gave, signed so that it can tell the message came from Putright."
        </p>
        <Suspense fallback=|| view! { <p class="body">"Loading the webhooks…"</p> }>
            {move || {
                list.get()
                    .map(|result| match result {
                        Ok(lines) => view! {
                            <Hooks lines />
                            <RegisterForm create form />
                        }
                        .into_any(),
                        Err(error) => view! {
                            <PageProblem error what="the webhooks" next=PAGE why=WHY />
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

/// A webhook's status as a tag.
fn status_tag(disabled: bool) -> impl IntoView {
    if disabled {
        view! { <strong class="tag tag--red">"Disabled"</strong> }.into_any()
    } else {
        view! { <strong class="tag tag--green">"Active"</strong> }.into_any()
    }
}

/// A delivery's state: a tag, then the words when they say more.
fn delivery_state(state: DeliveryState) -> impl IntoView {
    let (class, tag) = match state.standing {
        Standing::Delivered => ("tag tag--green", "Delivered"),
        Standing::Waiting => ("tag tag--blue", "Waiting"),
        Standing::Sending => ("tag tag--blue", "Sending"),
        Standing::GivenUp => ("tag tag--red", "Given up"),
    };
    let more = (state.words != tag)
        .then(|| view! { <span class="webhook-state__words">{state.words}</span> });
    view! {
        <strong class=class>{tag}</strong>
        {more.map(|words| view! { " " {words} })}
    }
}

#[component]
fn Hooks(lines: Vec<WebhookLine>) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p class="body">"There are no webhooks yet."</p> }.into_any();
    }
    let rows = lines
        .into_iter()
        .map(|line| {
            let events = line
                .events
                .iter()
                .map(|e| view! { <li><code>{e.clone()}</code></li> })
                .collect_view();
            let status = match line.disabled.clone() {
                Some(when) => view! {
                    {status_tag(true)}
                    <span class="webhook-state__words">{format!(" on {when}")}</span>
                }
                .into_any(),
                None => status_tag(false).into_any(),
            };
            let latest = match line.latest.clone() {
                Some(state) => delivery_state(state).into_any(),
                None => view! { "None yet" }.into_any(),
            };
            view! {
                <tr>
                    <th scope="row" data-label="Address">
                        <a href=format!("{PAGE}/{}", line.id) class="panel-members__email"><code>{line.url.clone()}</code></a>
                    </th>
                    <td data-label="Events"><ul class="api-clients__scopes">{events}</ul></td>
                    <td data-label="Registered">{line.created.clone()}</td>
                    <td data-label="Latest delivery">{latest}</td>
                    <td data-label="Status">{status}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table api-clients">
            <caption class="table__caption">"Webhooks, the newest first"</caption>
            <thead>
                <tr>
                    <th scope="col">"Address"</th>
                    <th scope="col">"Events"</th>
                    <th scope="col">"Registered"</th>
                    <th scope="col">"Latest delivery"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// The events as checkboxes, each with its name as a receiver sees it.
#[component]
fn EventChoices(chosen: Vec<String>, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Checkboxes
            name="events"
            legend="What to tell it"
            hint="Choose all the other system needs."
            options=Event::ALL.into_iter().map(|e| (e.as_str(), e.describe())).collect()
            selected=chosen
            error=error
            many=true
            coded="Event"
        />
    }
}

#[component]
fn RegisterForm(create: ServerAction<CreateWebhook>, form: FormErrors) -> impl IntoView {
    // What was typed, when a refused post without JavaScript sent the page back with it.
    let query = use_query_map();
    let typed = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let chosen: Vec<String> = typed("events")
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let button_error = form.button();
    view! {
        <section aria-labelledby="register-title">
            <h2 class="heading-m" id="register-title">"Register a webhook"</h2>
            <p class="body">
                "Its signing key is shown once, on the next page, to you alone. Have whoever sets up the other system ready to copy it."
            </p>
            <ActionForm action=create attr:novalidate=true>
                <TextInput
                    name="url"
                    label="Address"
                    hint="The address the other system's supplier gave for these messages. It must start https://."
                    value=typed("url")
                    error=form.field("url")
                    input_type="url"
                    autocomplete="off"
                />
                <EventChoices chosen error=form.field("events") />
                <div class="form-group" class:form-group--error=move || button_error.get().is_some()>
                    <ErrorMessage id="register-button-error".to_owned() error=button_error />
                    <button type="submit" class="button" id="register-button" disabled=move || create.pending().get()>
                        "Register the webhook"
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn WebhookPage() -> impl IntoView {
    let disable = ServerAction::<DisableWebhook>::new();
    let form = FormErrors::new(move || disable.value().get(), &[], "disable-button");
    let params = use_params_map();
    let detail = Resource::new(move || params.read().get("id").unwrap_or_default(), webhook);
    view! {
        <ErrorSummary errors=form.summary() />
        <Suspense fallback=|| view! { <p class="body">"Loading the webhook…"</p> }>
            {move || {
                detail
                    .get()
                    .map(|result| match result {
                        Ok(detail) => view! { <Hook detail disable form /> }.into_any(),
                        Err(error) => view! {
                            <PageProblem error what="this webhook" next=PAGE why=WHY />
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

/// How a receiver checks that a delivery came from Putright.
#[component]
fn HowToCheck() -> impl IntoView {
    view! {
        <h2 class="heading-m">"How the other system checks a message"</h2>
        <p class="body">
            "Each message is sent as JSON, with a header saying when it was signed and its signature:"
        </p>
        <p class="body panel-members__email"><code>"Putright-Signature: t=1764930000,v1=5257a869…"</code></p>
        <ol class="list list--number">
            <li>"Take the number after " <code>"t="</code> ": the time it was signed, in seconds since 1 January 1970."</li>
            <li>"Join that number, a full stop and the message's body exactly as it arrived: " <code>"{t}.{body}"</code> "."</li>
            <li>"Work out the HMAC-SHA256 of that text with the signing key, written in lower-case hexadecimal."</li>
            <li>"Accept the message only if it matches the value after " <code>"v1="</code> " and the time is no more than 5 minutes old."</li>
        </ol>
        <p class="body">
            "The header " <code>"Putright-Event"</code> " names the event. "
            <code>"Putright-Delivery"</code>
            " names the message and stays the same when it is tried again, so the other system can ignore one it has already had. A message it does not accept with an answer in the 200s is tried again after 1, 4, 16 and 64 minutes, then 4 hours, and then given up."
        </p>
    }
}

#[component]
fn Hook(
    detail: WebhookDetail,
    disable: ServerAction<DisableWebhook>,
    form: FormErrors,
) -> impl IntoView {
    let query = use_query_map();
    let just_disabled = query.read_untracked().get("disabled").is_some();
    let confirming = query.read_untracked().get("confirm").as_deref() == Some("disable");
    let page = format!("{PAGE}/{}", detail.line.id);
    if confirming && detail.disabled_at.is_none() {
        return view! { <ConfirmDisable detail page disable form /> }.into_any();
    }
    let WebhookDetail {
        line,
        events,
        created_at,
        created_by,
        disabled_at,
        key,
        deliveries,
    } = detail;
    let just_made = matches!(key, KeyView::New(_));
    let top = match &key {
        KeyView::New(key) => view! {
            <Title text="Webhook registered" />
            <div class="panel panel--confirmation">
                <h1 class="panel__title">"Webhook registered"</h1>
                <div class="panel__body"><code class="webhook-url panel-members__email">{line.url.clone()}</code></div>
            </div>
            <div class="warning-text">
                <span class="warning-text__icon" aria-hidden="true">"!"</span>
                <strong class="warning-text__text">
                    <span class="visually-hidden">"Warning: "</span>
                    "Copy this signing key now: it will not be shown again."
                </strong>
            </div>
            <h2 class="heading-m">"Its signing key"</h2>
            <p class="body">
                <code class="api-token" id="signing-key">{key.clone()}</code>
            </p>
            <p class="body">
                "Give it to whoever sets up the other system by a safe route, such as a password manager, never by email. Messages are sent from now on. If the key is lost, disable this webhook and register the address again."
            </p>
            <HowToCheck />
            <h2 class="heading-m">"The webhook"</h2>
        }
        .into_any(),
        _ => view! {
            <Title text="Webhook" />
            <a class="back-link" href=PAGE>"Back to the webhooks"</a>
            <span class="caption">"Webhook"</span>
            <h1 class="heading-l webhook-url panel-members__email">{line.url.clone()}</h1>
        }
        .into_any(),
    };
    let notice = match (&disabled_at, just_disabled) {
        (Some(when), true) => Some(view! {
            <div class="panel-notice" role="status">
                <p class="body">
                    <strong>{format!("This webhook was disabled on {when}.")}</strong>
                    " Nothing more will be sent to it."
                </p>
            </div>
        }),
        _ => None,
    };
    let waiting = match &key {
        KeyView::Waiting { by } if disabled_at.is_none() => Some(view! {
            <div class="inset">
                <p class="body">
                    {format!(
                        "Its signing key has not been shown yet, so nothing is sent to it. The key is shown once, to {by}, who registered this webhook, when they open this page.",
                    )}
                </p>
            </div>
        }),
        _ => None,
    };
    let key_row = match (&key, &disabled_at) {
        (KeyView::New(_), _) => "Shown above, this once",
        (KeyView::Issued, _) => "Shown once, when it was registered",
        (KeyView::Waiting { .. }, Some(_)) => "Never shown",
        (KeyView::Waiting { .. }, None) => "Not shown yet",
    };
    let status = match &disabled_at {
        Some(when) => view! {
            <strong class="tag tag--red">"Disabled"</strong>
            {format!(" on {when}")}
        }
        .into_any(),
        None => view! { <strong class="tag tag--green">"Active"</strong> }.into_any(),
    };
    let event_items = events
        .into_iter()
        .map(|e| {
            view! {
                <li>
                    {e.what}
                    " ("<code>{e.name}</code>")"
                </li>
            }
        })
        .collect_view();
    // Just registered: the key, how to check, the details and the way on.
    let rest = if just_made {
        view! {
            <p class="body">
                <a href=PAGE class="button">"I have copied the signing key"</a>
            </p>
        }
        .into_any()
    } else {
        let disabling = disabled_at.is_none().then(|| {
            view! {
                <h2 class="heading-m">"Disable the webhook"</h2>
                <p class="body">
                    "Disable it if the other system no longer needs these messages, or if its signing key may have been seen by someone who should not have it."
                </p>
                <a href=format!("{page}?confirm=disable") class="button button--warning">
                    "Disable this webhook"
                </a>
            }
        });
        let checking = (disabled_at.is_none() && matches!(key, KeyView::Issued))
            .then(|| view! { <HowToCheck /> });
        view! {
            <Deliveries deliveries />
            {checking}
            {disabling}
        }
        .into_any()
    };
    view! {
        {top}
        {notice}
        {waiting}
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"Address"</dt>
                <dd class="summary-list__value"><code class="webhook-url panel-members__email">{line.url.clone()}</code></dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"What it is told"</dt>
                <dd class="summary-list__value">
                    <ul class="list api-clients__scopes">{event_items}</ul>
                </dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Signing key"</dt>
                <dd class="summary-list__value">{key_row}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Registered"</dt>
                <dd class="summary-list__value">{format!("{created_at} by {created_by}")}</dd>
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
fn Deliveries(deliveries: Vec<DeliveryLine>) -> impl IntoView {
    let heading = view! { <h2 class="heading-m" id="deliveries-title">"Latest messages sent"</h2> };
    if deliveries.is_empty() {
        return view! {
            {heading}
            <p class="body">"Nothing has been sent to it yet."</p>
        }
        .into_any();
    }
    let caption = match deliveries.len() {
        1 => "Its one message".to_owned(),
        n if n as u64 >= DELIVERIES_SHOWN => format!("Its last {n} messages, the newest first"),
        n => format!("Its {n} messages, the newest first"),
    };
    let rows = deliveries
        .into_iter()
        .map(|d| {
            view! {
                <tr>
                    <td data-label="Queued">{d.queued}</td>
                    <td data-label="Event"><code>{d.event}</code></td>
                    <td data-label="State">{delivery_state(d.state)}</td>
                    <td data-label="Attempts" class="table__numeric">{d.attempts}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {heading}
        <div class="table-scroll" role="region" aria-labelledby="deliveries-title" tabindex="0">
            <table class="table api-calls">
                <caption class="table__caption">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Queued (London time)"</th>
                        <th scope="col">"Event"</th>
                        <th scope="col">"State"</th>
                        <th scope="col" class="table__numeric">"Attempts"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The confirmation step before a webhook is disabled: what will happen, then the button.
#[component]
fn ConfirmDisable(
    detail: WebhookDetail,
    page: String,
    disable: ServerAction<DisableWebhook>,
    form: FormErrors,
) -> impl IntoView {
    let button_error = form.button();
    let line = detail.line;
    let title = "Are you sure you want to disable this webhook?";
    view! {
        <Title text=title />
        <a class="back-link" href=page.clone()>"Back to the webhook"</a>
        <span class="caption webhook-url panel-members__email">{line.url.clone()}</span>
        <h1 class="heading-l">{title}</h1>
        <p class="body">
            "Disabling it stops Putright sending messages to "
            <code class="webhook-url panel-members__email">{line.url.clone()}</code>
            ". Messages waiting to be sent to it are not sent."
        </p>
        <div class="warning-text">
            <span class="warning-text__icon" aria-hidden="true">"!"</span>
            <strong class="warning-text__text">
                <span class="visually-hidden">"Warning: "</span>
                "The other system will no longer be told when cases are logged or move on. This cannot be undone: to send messages again, register the address again."
            </strong>
        </div>
        <ActionForm action=disable>
            <input type="hidden" name="id" value=line.id.to_string() />
            <div class="form-group" class:form-group--error=move || button_error.get().is_some()>
                <ErrorMessage id="disable-button-error".to_owned() error=button_error />
                <div class="button-group">
                    <button
                        type="submit"
                        class="button button--warning"
                        id="disable-button"
                        disabled=move || disable.pending().get()
                    >
                        "Yes, disable this webhook"
                    </button>
                    <a href=page>"No, keep it"</a>
                </div>
            </div>
        </ActionForm>
    }
}
