//! The work queue's search box and filters: one GET form, so it works without JavaScript,
//! and the values stay in the address.

use crate::worklist::{
    DueChoice, HandlerChoice, KINDS, OrderChoice, PriorityChoice, QueueFilters, StageChoice,
    kind_code,
};
use leptos::prelude::*;
use leptos_router::components::Form;

/// The search box and the filters: one GET form, so it works without JavaScript and the
/// values stay in the address.
#[component]
pub(super) fn Filters(
    filters: QueueFilters,
    handlers: Vec<HandlerChoice>,
    categories: Vec<HandlerChoice>,
) -> impl IntoView {
    let more_open = filters.stage.is_some()
        || filters.kind.is_some()
        || filters.channel.is_some()
        || filters.handler.is_some()
        || filters.category.is_some()
        || filters.due.is_some()
        || filters.priority.is_some()
        || filters.vulnerable
        || filters.order != OrderChoice::Deadline
        || filters.include_closed;
    let clear = QueueFilters::scope_only(filters.scope).href();
    let stages = StageChoice::ALL
        .into_iter()
        .map(|s| (s.code().to_owned(), s.label().to_owned()))
        .collect();
    let kinds = KINDS
        .into_iter()
        .map(|k| (kind_code(k).to_owned(), k.label().to_owned()))
        .collect();
    let channels = domain::Channel::ALL
        .into_iter()
        .map(|c| (c.as_str().to_owned(), c.label().to_owned()))
        .collect();
    let handlers = handlers
        .into_iter()
        .map(|h| (h.id.to_string(), h.name))
        .collect();
    let categories = categories
        .into_iter()
        .map(|c| (c.id.to_string(), c.name))
        .collect();
    let dues = DueChoice::ALL
        .into_iter()
        .map(|d| (d.code().to_owned(), d.label().to_owned()))
        .collect();
    let priorities = PriorityChoice::ALL
        .into_iter()
        .map(|p| (p.code().to_owned(), p.label().to_owned()))
        .collect();
    let flagged = vec![("vulnerable".to_owned(), "Vulnerable or at risk".to_owned())];
    // The deadline order is the default: the drop-down's first choice.
    let orders = vec![(
        OrderChoice::Priority.code().to_owned(),
        OrderChoice::Priority.label().to_owned(),
    )];
    view! {
        <Form method="get" action="/staff" attr:class="queue-filters" attr:role="search">
            <input type="hidden" name="scope" value=filters.scope.code() />
            <div class="queue-filters__row">
                <div class="queue-filters__search">
                    <label class="label" for="search">"Reference, name or postcode"</label>
                    <input
                        class="input queue-filters__input"
                        id="search"
                        name="search"
                        type="search"
                        value=filters.search.clone()
                        autocomplete="off"
                        spellcheck="false"
                    />
                </div>
                <div class="queue-filters__actions">
                    <button type="submit" class="button">"Apply filters"</button>
                    {filters
                        .narrowed()
                        .then(|| {
                            view! {
                                <a class="queue-filters__clear" href=clear.clone()>
                                    "Clear filters"
                                </a>
                            }
                        })}
                </div>
            </div>
            <details class="queue-filters__more" open=more_open>
                <summary class="queue-filters__summary">"More filters"</summary>
                <div class="queue-filters__grid">
                    <Select
                        name="stage"
                        label="Stage"
                        any="Any stage"
                        options=stages
                        selected=filters.stage.map(|s| s.code().to_owned())
                    />
                    <Select
                        name="kind"
                        label="Kind of case"
                        any="Any kind"
                        options=kinds
                        selected=filters.kind.map(|k| kind_code(k).to_owned())
                    />
                    <Select
                        name="channel"
                        label="How it reached us"
                        any="Any way"
                        options=channels
                        selected=filters.channel.map(|c| c.as_str().to_owned())
                    />
                    <Select
                        name="handler"
                        label="Handler or reviewer"
                        any="Anyone"
                        options=handlers
                        selected=filters.handler.map(|h| h.to_string())
                    />
                    <Select
                        name="category"
                        label="Root cause"
                        any="Any root cause"
                        options=categories
                        selected=filters.category.map(|c| c.to_string())
                    />
                    <Select
                        name="due"
                        label="Next deadline"
                        any="Any time"
                        options=dues
                        selected=filters.due.map(|d| d.code().to_owned())
                    />
                    <Select
                        name="priority"
                        label="Priority"
                        any="Any priority"
                        options=priorities
                        selected=filters.priority.map(|p| p.code().to_owned())
                    />
                    <Select
                        name="flagged"
                        label="Customer"
                        any="Any customer"
                        options=flagged
                        selected=filters.vulnerable.then(|| "vulnerable".to_owned())
                    />
                    <Select
                        name="order"
                        label="Order"
                        any=OrderChoice::Deadline.label()
                        options=orders
                        selected=(filters.order != OrderChoice::Deadline)
                            .then(|| filters.order.code().to_owned())
                    />
                    <div class="checkboxes__item queue-filters__closed">
                        <input
                            class="checkboxes__input"
                            id="closed"
                            name="closed"
                            type="checkbox"
                            value="include"
                            checked=filters.include_closed
                        />
                        <label class="checkboxes__label" for="closed">
                            "Include closed cases"
                        </label>
                    </div>
                </div>
            </details>
        </Form>
    }
}

/// A labelled drop-down whose first choice is "any".
#[component]
fn Select(
    name: &'static str,
    label: &'static str,
    any: &'static str,
    options: Vec<(String, String)>,
    selected: Option<String>,
) -> impl IntoView {
    // Drawn at once to one string, like the queue's cards: a staff list can be long.
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let chosen = selected.as_deref() == Some(value.as_str());
            view! { <option value=value selected=chosen>{text}</option> }
        })
        .collect_view()
        .to_html();
    let any = view! { <option value="" selected=selected.is_none()>{any}</option> }.to_html();
    view! {
        <div class="queue-filters__field">
            <label class="label" for=name>{label}</label>
            <select class="select" id=name name=name inner_html=any + &options></select>
        </div>
    }
}
