//! `/staff/customers/{id}/restriction`: restricting how a customer contacts us, reviewing
//! the restriction and lifting it (managers and the complaints manager). Plain form posts
//! that work without JavaScript; a refused one comes back with what was typed and every
//! problem listed.

use crate::components::{
    DateInput, ErrorMessage, ErrorSummary, FormErrors, PageProblem, Radios, TextArea,
};
use crate::restrictions::{
    DecideRestriction, LiftRestriction, RestrictionNote, RestrictionView, restriction_page,
};
use domain::restriction::{MAX_REVIEW_MONTHS, RestrictionKind};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const DECIDE_FIELDS: [&str; 4] = ["kind", "detail", "reason", "review_on"];
const LIFT_FIELDS: [&str; 1] = ["lift_reason"];

#[component]
pub fn RestrictionPage() -> impl IntoView {
    let query = use_query_map();
    let id_param = crate::components::id_param();
    let customer = move || id_param().unwrap_or(0);
    let decide = ServerAction::<DecideRestriction>::new();
    let lift = ServerAction::<LiftRestriction>::new();
    let decide_form = FormErrors::for_path(
        <DecideRestriction as server_fn::ServerFn>::PATH,
        move || decide.value().get(),
        &DECIDE_FIELDS,
        "decide-button",
    )
    .with_ids(|field| (field == "review_on").then_some("review_on"));
    let lift_form = FormErrors::for_path(
        <LiftRestriction as server_fn::ServerFn>::PATH,
        move || lift.value().get(),
        &LIFT_FIELDS,
        "lift-button",
    );
    let page = Resource::new(
        move || (customer(), query.read().get("saved")),
        |(customer, _)| restriction_page(customer),
    );
    view! {
        <p class="body"><a href="/staff" class="back-link">"Work queue"</a></p>
        <ErrorSummary errors=decide_form.summary() />
        <ErrorSummary errors=lift_form.summary() />
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || {
                page.get()
                    .map(|result| match result {
                        Ok(view) => {
                            view! { <Restriction view decide lift decide_form lift_form /> }
                                .into_any()
                        }
                        Err(error) => {
                            view! {
                                <Title text="Contact restriction" />
                                <h1 class="heading-l">"Contact restriction"</h1>
                                <PageProblem
                                    error
                                    what="this customer's contact restriction"
                                    next="/staff"
                                    why="Only a manager or the complaints manager restricts how a customer contacts us."
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
fn Note(note: RestrictionNote) -> impl IntoView {
    view! {
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"What is restricted"</dt>
                <dd class="summary-list__value prewrap">{note.what}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Why"</dt>
                <dd class="summary-list__value prewrap">{note.reason}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Decision"</dt>
                <dd class="summary-list__value">{note.decided}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Review by"</dt>
                <dd class="summary-list__value">
                    {note.review_on}
                    {note.review_due.then(|| view! { " " <strong class="tag tag--red">"Review due"</strong> })}
                </dd>
            </div>
        </dl>
    }
}

#[component]
fn Restriction(
    view: RestrictionView,
    decide: ServerAction<DecideRestriction>,
    lift: ServerAction<LiftRestriction>,
    decide_form: FormErrors,
    lift_form: FormErrors,
) -> impl IntoView {
    let query = use_query_map();
    let saved = move || {
        query.read_untracked().get("saved").map(|what| {
            let text = if what == "lifted" {
                "The restriction is lifted."
            } else {
                "The restriction is saved. Every member of staff sees it beside the customer on each case."
            };
            view! {
                <div class="panel-notice" role="status">
                    <p class="body"><strong>{text}</strong></p>
                </div>
            }
        })
    };

    // What was typed, when a refused post sent the page back with it.
    let refused = query.read_untracked().get("__err").is_some();
    let typed = move |name: &str, stored: &str| {
        query.read_untracked().get(name).unwrap_or_else(|| {
            if refused {
                String::new()
            } else {
                stored.to_owned()
            }
        })
    };
    let name = view.customer_name.clone();
    let title = format!("Contact restriction: {name}");
    let in_force = view.current.is_some();
    let heading = if in_force {
        "Review it: decide again".to_owned()
    } else {
        format!("Restrict how we contact {name}")
    };
    let customer = view.customer_id.to_string();
    let lifted_customer = customer.clone();
    // The restriction this page shows in force, so a decision made meanwhile is not
    // overwritten unseen.
    let seen = view.current_id.map(|id| id.to_string()).unwrap_or_default();
    let lifted_seen = seen.clone();
    view! {
        <Title text=title.clone() />
        <h1 class="heading-l">{title}</h1>
        {saved}
        <p class="body">
            "A restriction changes how we talk with someone after behaviour our staff should not have to accept. It never stops their complaint: every step, deadline and letter goes on as before. Say why, keep it in proportion, tell the customer in writing, and review it within "
            {MAX_REVIEW_MONTHS}
            " months."
        </p>
        {view.current.clone().map(|note| view! {
            <h2 class="heading-m">"In force now"</h2>
            <Note note />
        })}
        <h2 class="heading-m">{heading}</h2>
        <ActionForm action=decide attr:novalidate=true>
            <input type="hidden" name="customer" value=customer.clone() />
            <input type="hidden" name="seen" value=seen />
            <Radios
                name="kind"
                legend="What is restricted?"
                options=RestrictionKind::CHOICES.to_vec()
                selected=typed("kind", &view.kind)
                error=decide_form.field("kind")
            />
            <TextArea
                name="detail"
                label="What exactly (optional, needed for Something else)"
                hint="For example, who the one contact is, or which days and times."
                value=typed("detail", &view.detail)
                error=decide_form.field("detail")
                rows=3
            />
            <TextArea
                name="reason"
                label="Why"
                hint="The behaviour, when it happened, and why this restriction is in proportion to it. The customer is told this."
                value=typed("reason", "")
                error=decide_form.field("reason")
            />
            <DateInput
                name="review_on"
                legend="When will it be reviewed?"
                hint="Within 6 months, for example 4 6 2027."
                value=(typed("review_on_day", ""), typed("review_on_month", ""), typed("review_on_year", ""))
                error=decide_form.field("review_on")
                joiner="_"
            />
            <div class="form-group" class:form-group--error=move || decide_form.button().get().is_some()>
                <ErrorMessage id="decide-button-error".to_owned() error=decide_form.button() />
                <button type="submit" class="button" id="decide-button" disabled=move || decide.pending().get()>
                    "Save the restriction"
                </button>
            </div>
        </ActionForm>
        {in_force.then(|| view! {
            <h2 class="heading-m">"Lift it"</h2>
            <ActionForm action=lift attr:novalidate=true>
                <input type="hidden" name="customer" value=lifted_customer />
                <input type="hidden" name="seen" value=lifted_seen />
                <TextArea
                    name="lift_reason"
                    label="Why is it lifted?"
                    value=typed("lift_reason", "")
                    error=lift_form.field("lift_reason")
                    rows=3
                />
                <div class="form-group" class:form-group--error=move || lift_form.button().get().is_some()>
                    <ErrorMessage id="lift-button-error".to_owned() error=lift_form.button() />
                    <button type="submit" class="button button--warning" id="lift-button" disabled=move || lift.pending().get()>
                        "Lift the restriction"
                    </button>
                </div>
            </ActionForm>
        })}
        {(!view.past.is_empty()).then(|| view! {
            <h2 class="heading-m">"Earlier decisions"</h2>
            <ul class="list">
                {view.past.into_iter().map(|past| view! {
                    <li>
                        <p class="body"><strong>{past.note.what}</strong></p>
                        <p class="body hint">{format!("{}. {}.", past.note.decided, past.ended)}</p>
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}
