//! `/learning/actions/{id}`: one service-improvement action, for managers and the complaints
//! manager. All it says; a button to mark it done or to reopen it; a form to change its root
//! cause, what will change, its owner (giving it to someone else) and its due date; and its
//! history, each change with who made it and when. Works as plain posts without JavaScript
//! and keeps what was typed when a change is refused.

use crate::components::{ErrorMessage, ErrorSummary, FormErrors, PageProblem, typed_or_stored};
use crate::learning::{
    ActionPage, ChangeImprovementAction, CompleteImprovementAction, ReopenImprovementAction,
    improvement_action,
};
use crate::pages::learning::{ActionFields, ActionTyped, status_tag};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const FIELDS: [&str; 4] = ["category", "description", "owner", "due"];

#[component]
pub fn LearningActionPage() -> impl IntoView {
    let change = ServerAction::<ChangeImprovementAction>::new();
    let complete = ServerAction::<CompleteImprovementAction>::new();
    let reopen = ServerAction::<ReopenImprovementAction>::new();
    let form = FormErrors::new(move || change.value().get(), &FIELDS, "change-button");
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let page = Resource::new(
        move || {
            let q = query.read();
            (
                id(),
                q.get("changed"),
                q.get("done"),
                q.get("reopened"),
                change.version().get(),
                complete.version().get(),
                reopen.version().get(),
            )
        },
        |(id, ..)| improvement_action(id),
    );
    view! {
        <Title text="Improvement action" />
        <ErrorSummary errors=form.summary() />
        <a class="back-link" href="/learning#actions">"Back to learning from complaints"</a>
        <Suspense fallback=|| view! { <p class="body">"Loading the action…"</p> }>
            {move || {
                page.get()
                    .map(|result| match result {
                        Ok(page) => view! { <Action page change complete reopen form /> }.into_any(),
                        Err(error) => view! {
                            <PageProblem error what="this improvement action" next="/learning#actions" why="Improvement actions are kept by managers and the complaints manager." />
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Action(
    page: ActionPage,
    change: ServerAction<ChangeImprovementAction>,
    complete: ServerAction<CompleteImprovementAction>,
    reopen: ServerAction<ReopenImprovementAction>,
    form: FormErrors,
) -> impl IntoView {
    let ActionPage {
        line,
        category_id,
        owner_id,
        due,
        categories,
        owners,
        history,
    } = page;
    let query = use_query_map();
    let notice = {
        let q = query.read_untracked();
        if q.get("changed").is_some() {
            Some("The action is changed.")
        } else if q.get("done").is_some() {
            Some("The action is marked as done.")
        } else if q.get("reopened").is_some() {
            Some("The action is open again.")
        } else {
            None
        }
    };
    let id = line.id.to_string();
    let tag = status_tag(line.status);
    let button = if line.status.is_done() {
        let id = id.clone();
        view! {
            <ActionForm action=reopen>
                <input type="hidden" name="id" value=id />
                <button type="submit" class="button button--secondary">"Reopen the action"</button>
            </ActionForm>
        }
        .into_any()
    } else {
        let id = id.clone();
        view! {
            <ActionForm action=complete>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="from" value="action" />
                <button type="submit" class="button button--secondary">"Mark as done"</button>
            </ActionForm>
        }
        .into_any()
    };
    let typed = typed_or_stored();
    let stored_category = category_id.map(|c| c.to_string()).unwrap_or_default();
    let stored_owner = owner_id.map(|o| o.to_string()).unwrap_or_default();
    let history = history
        .into_iter()
        .map(|h| {
            view! {
                <li>
                    <strong>{h.what}</strong>
                    <span class="hint">{format!(" {}", h.by_when)}</span>
                    {h.detail.map(|d| view! { <br /><span>{d}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <h1 class="heading-l">"Improvement action"</h1>
        {notice
            .map(|text| {
                view! {
                    <div class="panel-notice" role="status">
                        <p class="body"><strong>{text}</strong></p>
                    </div>
                }
            })}
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"What will change"</dt>
                <dd class="summary-list__value">{line.text.clone()}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Root cause"</dt>
                <dd class="summary-list__value">{line.category.clone()}</dd>
            </div>
            {line
                .case_reference
                .clone()
                .map(|r| {
                    view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">"Case that prompted it"</dt>
                            <dd class="summary-list__value">
                                <a href=format!("/staff/cases/{r}")>{r.clone()}</a>
                            </dd>
                        </div>
                    }
                })}
            <div class="summary-list__row">
                <dt class="summary-list__key">"Owner"</dt>
                <dd class="summary-list__value">{line.owner.clone()}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Due"</dt>
                <dd class="summary-list__value">{line.due.clone()}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Status"</dt>
                <dd class="summary-list__value">
                    <strong class=tag>{line.status.label()}</strong>
                    {line.done_on.clone().map(|d| format!(" on {d}"))}
                </dd>
            </div>
        </dl>
        {button}
        <h2 class="heading-m" id="change-title">"Change the action"</h2>
        <p class="body">
            "Give it to someone else, move its due date, or say better what will change. Its history below keeps what it said before."
        </p>
        <ActionForm action=change attr:novalidate=true attr:aria-labelledby="change-title">
            <input type="hidden" name="id" value=id />
            <ActionFields
                categories
                owners
                typed=ActionTyped {
                    category: typed("category", &stored_category),
                    case_reference: None,
                    description: typed("description", &line.text),
                    owner: typed("owner", &stored_owner),
                    due: (
                        typed("due_day", &due.format("%-d").to_string()),
                        typed("due_month", &due.format("%-m").to_string()),
                        typed("due_year", &due.format("%Y").to_string()),
                    ),
                }
                error=move |name| form.field(name)
                due_hint="For example, 30 9 2026. A date already passed may stay as it is."
            />
            <div class="form-group" class:form-group--error=move || form.button().get().is_some()>
                <ErrorMessage id="change-button-error".to_owned() error=form.button() />
                <button type="submit" class="button" id="change-button" disabled=move || change.pending().get()>
                    "Save the changes"
                </button>
            </div>
        </ActionForm>
        <h2 class="heading-m">"History"</h2>
        <ul class="list">{history}</ul>
    }
}
