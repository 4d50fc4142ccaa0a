//! `/staff/cases/{reference}/updates`: agreeing how often we update the customer, and
//! recording an update given (`domain::updates`). Plain form posts that work without
//! JavaScript; a refused one comes back with what was typed.

use crate::components::{ErrorMessage, ErrorSummary, FormErrors, PageProblem, Radios, TextArea};
use crate::updates::{AgreeUpdates, RecordUpdate, UpdatesView, updates_page};
use domain::updates::{UpdateHow, UpdateInterval};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const AGREE_FIELDS: [&str; 1] = ["every"];
const UPDATE_FIELDS: [&str; 2] = ["how", "summary"];

#[component]
pub fn UpdatesPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let reference = move || params.read().get("reference").unwrap_or_default();
    let agree = ServerAction::<AgreeUpdates>::new();
    let update = ServerAction::<RecordUpdate>::new();
    let agree_form = FormErrors::for_path(
        <AgreeUpdates as server_fn::ServerFn>::PATH,
        move || agree.value().get(),
        &AGREE_FIELDS,
        "agree-button",
    );
    let update_form = FormErrors::for_path(
        <RecordUpdate as server_fn::ServerFn>::PATH,
        move || update.value().get(),
        &UPDATE_FIELDS,
        "update-button",
    );
    let page = Resource::new(
        move || (reference(), query.read().get("saved")),
        |(reference, _)| updates_page(reference),
    );
    view! {
        <p class="body">
            <a href=move || format!("/staff/cases/{}", reference()) class="back-link">"Back to the case"</a>
        </p>
        <ErrorSummary errors=agree_form.summary() />
        <ErrorSummary errors=update_form.summary() />
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || {
                page.get()
                    .map(|result| match result {
                        Ok(view) => view! { <Updates view agree update agree_form update_form /> }.into_any(),
                        Err(error) => {
                            view! {
                                <Title text="Keeping the customer informed" />
                                <h1 class="heading-l">"Keeping the customer informed"</h1>
                                <PageProblem
                                    error
                                    what="this case's updates"
                                    next="/staff"
                                    why="Only staff who work cases agree and record updates."
                                />
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Updates(
    view: UpdatesView,
    agree: ServerAction<AgreeUpdates>,
    update: ServerAction<RecordUpdate>,
    agree_form: FormErrors,
    update_form: FormErrors,
) -> impl IntoView {
    let query = use_query_map();
    let saved = move || {
        (query.read_untracked().get("saved").as_deref() == Some("agreed")).then(|| {
            view! {
                <div class="panel-notice" role="status">
                    <p class="body"><strong>"Agreed. The work queue says when the next update is due."</strong></p>
                </div>
            }
        })
    };
    let refused = query.read_untracked().get("__err").is_some();
    let typed = move |name: &str, otherwise: &str| {
        query
            .read_untracked()
            .get(name)
            .filter(|_| refused)
            .unwrap_or_else(|| otherwise.to_owned())
    };
    let title = format!("Keeping the customer informed: {}", view.reference);
    let (for_update, for_agree) = (view.reference.clone(), view.reference.clone());
    let intervals: Vec<(&'static str, &'static str)> = UpdateInterval::ALL
        .iter()
        .map(|i| (i.code(), i.label()))
        .collect();
    let hows: Vec<(&'static str, &'static str)> = UpdateHow::ALL
        .iter()
        .map(|h| (h.code(), h.label()))
        .collect();
    let now = match (&view.every, &view.next) {
        (Some(every), Some(next)) => {
            format!("Agreed: {}. Next update by {next}.", every.to_lowercase())
        }
        _ => "No regular updates agreed yet.".to_owned(),
    };
    view! {
        <Title text=title.clone() />
        <h1 class="heading-l">{title}</h1>
        {saved}
        <p class="body">
            {now}
            {view.due.then(|| view! { " " <strong class="tag tag--amber">"Update due"</strong> })}
        </p>
        <h2 class="heading-m">"Record an update"</h2>
        <p class="body">"The customer sees what you write here on their case, as what we told them."</p>
        <ActionForm action=update attr:novalidate=true>
            <input type="hidden" name="reference" value=for_update />
            <Radios
                name="how"
                legend="How did we update them?"
                options=hows
                selected=typed("how", "")
                error=update_form.field("how")
                inline=true
            />
            <TextArea
                name="summary"
                label="What did we tell them?"
                hint="For example: the surveyor visits on Tuesday 15 December between 9 and 1; we will write with the findings by Friday 18 December."
                value=typed("summary", "")
                error=update_form.field("summary")
                rows=4
            />
            <div class="form-group" class:form-group--error=move || update_form.button().get().is_some()>
                <ErrorMessage id="update-button-error".to_owned() error=update_form.button() />
                <button type="submit" class="button" id="update-button" disabled=move || update.pending().get()>
                    "Record the update"
                </button>
            </div>
        </ActionForm>
        <h2 class="heading-m">"How often we update them"</h2>
        <ActionForm action=agree attr:novalidate=true>
            <input type="hidden" name="reference" value=for_agree />
            <Radios
                name="every"
                legend="What did we agree with the customer?"
                hint="Counted from the last update. It never moves a deadline."
                options=intervals
                selected=typed("every", &view.every_code)
                error=agree_form.field("every")
            />
            <div class="form-group" class:form-group--error=move || agree_form.button().get().is_some()>
                <ErrorMessage id="agree-button-error".to_owned() error=agree_form.button() />
                <button type="submit" class="button button--secondary" id="agree-button" disabled=move || agree.pending().get()>
                    "Save how often"
                </button>
            </div>
        </ActionForm>
    }
}
