//! `/staff/cases/{reference}/priority`: how pressing a case is (`domain::triage`). A plain
//! form post that works without JavaScript; a refused one comes back with what was typed.

use crate::components::{ErrorMessage, ErrorSummary, FormErrors, PageProblem, Radios, TextArea};
use crate::triage::{PriorityView, SetPriority, priority_page};
use domain::triage::Priority;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const FIELDS: [&str; 2] = ["priority", "priority_reason"];

#[component]
pub fn PriorityPage() -> impl IntoView {
    let params = use_params_map();
    let reference = move || params.read().get("reference").unwrap_or_default();
    let set = ServerAction::<SetPriority>::new();
    let form = FormErrors::for_path(
        <SetPriority as server_fn::ServerFn>::PATH,
        move || set.value().get(),
        &FIELDS,
        "priority-button",
    );
    // Read again after each try, so a refusal because someone else changed it meanwhile
    // shows the priority as it now is.
    let page = Resource::new(
        move || (reference(), set.version().get()),
        |(reference, _)| priority_page(reference),
    );
    view! {
        <p class="body">
            <a href=move || format!("/staff/cases/{}", reference()) class="back-link">"Back to the case"</a>
        </p>
        <ErrorSummary errors=form.summary() />
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || {
                page.get()
                    .map(|result| match result {
                        Ok(view) => view! { <PriorityForm view set form /> }.into_any(),
                        Err(error) => {
                            view! {
                                <Title text="Priority" />
                                <h1 class="heading-l">"Priority"</h1>
                                <PageProblem
                                    error
                                    what="this case's priority"
                                    next="/staff"
                                    why="Only staff who work cases set a case's priority."
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
fn PriorityForm(
    view: PriorityView,
    set: ServerAction<SetPriority>,
    form: FormErrors,
) -> impl IntoView {
    let query = use_query_map();
    let refused = query.read_untracked().get("__err").is_some();
    let typed = move |name: &str| {
        query
            .read_untracked()
            .get(name)
            .filter(|_| refused)
            .unwrap_or_default()
    };
    let title = format!("Priority of {}", view.reference);
    let options: Vec<(&'static str, &'static str)> = Priority::ALL
        .iter()
        .map(|p| (p.code(), p.label()))
        .collect();
    let hints = Priority::ALL
        .iter()
        .map(|p| view! { <li><strong>{p.label()}</strong>": "{p.hint()}</li> })
        .collect_view();
    view! {
        <Title text=title.clone() />
        <h1 class="heading-l">{title}</h1>
        <p class="body">
            "Now " <strong>{view.priority.label().to_lowercase()}</strong>
            {view.reason.clone().map(|r| format!(": {r}"))}
            {view.set.clone().map(|s| format!(" ({s})"))}
            "."
        </p>
        <ul class="list">{hints}</ul>
        <p class="body">
            "Priority orders the work; it never changes a deadline. Each change is on the case's timeline, for staff only."
        </p>
        <ActionForm action=set attr:novalidate=true>
            <input type="hidden" name="reference" value=view.reference.clone() />
            <input type="hidden" name="from" value=view.priority.code() />
            <Radios
                name="priority"
                legend="How pressing is this case?"
                options
                selected=typed("priority")
                error=form.field("priority")
            />
            <TextArea
                name="priority_reason"
                label="Why"
                hint="Needed for high or urgent: what makes it more pressing."
                value=typed("priority_reason")
                error=form.field("priority_reason")
                rows=3
            />
            <div class="form-group" class:form-group--error=move || form.button().get().is_some()>
                <ErrorMessage id="priority-button-error".to_owned() error=form.button() />
                <button type="submit" class="button" id="priority-button" disabled=move || set.pending().get()>
                    "Save the priority"
                </button>
            </div>
        </ActionForm>
    }
}
