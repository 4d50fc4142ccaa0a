//! `/staff/customers/{id}/adjustments`: a customer's reasonable adjustments, what was done
//! for each, and their review (staff who work cases). Plain form posts that work without
//! JavaScript; a refused one comes back with what was typed and every problem listed.

use crate::components::{
    DateInput, ErrorMessage, ErrorSummary, FormErrors, PageProblem, Radios, TextArea,
};
use crate::triage::{AdjustmentsView, RecordAdjustmentAction, ReviewAdjustments, adjustments_page};
use domain::triage::MAX_REVIEW_MONTHS;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const ACTION_FIELDS: [&str; 2] = ["adjustment", "done"];
const REVIEW_FIELDS: [&str; 2] = ["agreed", "review_on"];

#[component]
pub fn AdjustmentsPage() -> impl IntoView {
    let query = use_query_map();
    let id_param = crate::components::id_param();
    let customer = move || id_param().unwrap_or(0);
    let record = ServerAction::<RecordAdjustmentAction>::new();
    let review = ServerAction::<ReviewAdjustments>::new();
    let action_form = FormErrors::for_path(
        <RecordAdjustmentAction as server_fn::ServerFn>::PATH,
        move || record.value().get(),
        &ACTION_FIELDS,
        "action-button",
    );
    let review_form = FormErrors::for_path(
        <ReviewAdjustments as server_fn::ServerFn>::PATH,
        move || review.value().get(),
        &REVIEW_FIELDS,
        "review-button",
    )
    .with_ids(|field| (field == "review_on").then_some("review_on"));
    let page = Resource::new(
        move || (customer(), query.read().get("saved")),
        |(customer, _)| adjustments_page(customer),
    );
    view! {
        <p class="body"><a href="/staff" class="back-link">"Work queue"</a></p>
        <ErrorSummary errors=action_form.summary() />
        <ErrorSummary errors=review_form.summary() />
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || {
                page.get()
                    .map(|result| match result {
                        Ok(view) => {
                            view! { <Adjustments view record review action_form review_form /> }
                                .into_any()
                        }
                        Err(error) => {
                            view! {
                                <Title text="Reasonable adjustments" />
                                <h1 class="heading-l">"Reasonable adjustments"</h1>
                                <PageProblem
                                    error
                                    what="this customer's reasonable adjustments"
                                    next="/staff"
                                    why="Only staff who work cases record and review adjustments."
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
fn Adjustments(
    view: AdjustmentsView,
    record: ServerAction<RecordAdjustmentAction>,
    review: ServerAction<ReviewAdjustments>,
    action_form: FormErrors,
    review_form: FormErrors,
) -> impl IntoView {
    let query = use_query_map();
    let saved = move || {
        query.read_untracked().get("saved").map(|what| {
            let text = if what == "review" {
                "The review is saved. It comes up on the work queue when its date comes."
            } else {
                "What we did is recorded."
            };
            view! {
                <div class="panel-notice" role="status">
                    <p class="body"><strong>{text}</strong></p>
                </div>
            }
        })
    };
    let refused = query.read_untracked().get("__err").is_some();
    let typed = move |name: &str| {
        query
            .read_untracked()
            .get(name)
            .filter(|_| refused)
            .unwrap_or_default()
    };
    let name = view.customer_name.clone();
    let title = format!("Reasonable adjustments: {name}");
    let customer = view.customer_id.to_string();
    let reviewed_customer = customer.clone();
    // The review this page shows, so one made meanwhile is not overwritten unseen.
    let seen = view
        .review
        .as_ref()
        .map(|r| r.id.to_string())
        .unwrap_or_default();
    let options = view.adjustments.clone();
    let has_any = !view.adjustments.is_empty();
    view! {
        <Title text=title.clone() />
        <h1 class="heading-l">{title}</h1>
        {saved}
        {if has_any {
            view! {
                <p class="body">"What they asked for:"</p>
                <ul class="list list--bullet">
                    {view.adjustments.iter().map(|(_, label)| view! { <li>{label.clone()}</li> }).collect_view()}
                </ul>
            }
                .into_any()
        } else {
            view! {
                <p class="body">"They have not asked for any adjustment. Record one on their next case, or review this when they do."</p>
            }
                .into_any()
        }}
        <h2 class="heading-m">"Review"</h2>
        {match view.review.clone() {
            Some(note) => view! {
                <dl class="summary-list">
                    <div class="summary-list__row">
                        <dt class="summary-list__key">"Agreed"</dt>
                        <dd class="summary-list__value prewrap">{note.agreed}</dd>
                    </div>
                    <div class="summary-list__row">
                        <dt class="summary-list__key">"Who and when"</dt>
                        <dd class="summary-list__value">{note.reviewed}</dd>
                    </div>
                    <div class="summary-list__row">
                        <dt class="summary-list__key">"Next review"</dt>
                        <dd class="summary-list__value">
                            {note.review_on}
                            {note.review_due.then(|| view! { " " <strong class="tag tag--red">"Review due"</strong> })}
                        </dd>
                    </div>
                </dl>
            }
                .into_any(),
            None => view! { <p class="body">"Not reviewed yet."</p> }.into_any(),
        }}
        {has_any.then(|| view! {
            <h2 class="heading-m">"Record what we did"</h2>
            <ActionForm action=record attr:novalidate=true>
                <input type="hidden" name="customer" value=customer.clone() />
                <Radios
                    name="adjustment"
                    legend="Which adjustment was it for?"
                    options=options.clone()
                    selected=typed("adjustment")
                    error=action_form.field("adjustment")
                />
                <TextArea
                    name="done"
                    label="What did we do?"
                    hint="For example: sent the Stage 1 response in 16 point large print; booked a Polish interpreter for the visit."
                    value=typed("done")
                    error=action_form.field("done")
                    rows=3
                />
                <div class="form-group" class:form-group--error=move || action_form.button().get().is_some()>
                    <ErrorMessage id="action-button-error".to_owned() error=action_form.button() />
                    <button type="submit" class="button" id="action-button" disabled=move || record.pending().get()>
                        "Record what we did"
                    </button>
                </div>
            </ActionForm>
        })}
        <h2 class="heading-m">"Review the adjustments"</h2>
        <ActionForm action=review attr:novalidate=true>
            <input type="hidden" name="customer" value=reviewed_customer />
            <input type="hidden" name="seen" value=seen />
            <TextArea
                name="agreed"
                label="What was agreed with the customer"
                hint="Which adjustments go on, which change, and anything new they need."
                value=typed("agreed")
                error=review_form.field("agreed")
                rows=3
            />
            <DateInput
                name="review_on"
                legend="When will they be reviewed next?"
                hint="Within 12 months, for example 4 6 2027."
                value=(typed("review_on_day"), typed("review_on_month"), typed("review_on_year"))
                error=review_form.field("review_on")
                joiner="_"
            />
            <div class="form-group" class:form-group--error=move || review_form.button().get().is_some()>
                <ErrorMessage id="review-button-error".to_owned() error=review_form.button() />
                <button type="submit" class="button" id="review-button" disabled=move || review.pending().get()>
                    "Save the review"
                </button>
            </div>
        </ActionForm>
        <p class="body hint">{format!("Reviews are due within {MAX_REVIEW_MONTHS} months; the work queue lists them when they come.")}</p>
        <h2 class="heading-m">"What we did"</h2>
        {if view.actions.is_empty() {
            view! { <p class="body">"Nothing recorded yet."</p> }.into_any()
        } else {
            view! {
                <ul class="list">
                    {view.actions.into_iter().map(|a| view! {
                        <li>
                            <p class="body"><strong>{a.adjustment}</strong></p>
                            <p class="body prewrap">{a.done}</p>
                            <p class="body hint">{a.recorded}</p>
                        </li>
                    }).collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}
