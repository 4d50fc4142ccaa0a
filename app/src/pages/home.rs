//! The front page: tell us what went wrong.

use crate::api::SubmitCase;
use crate::components::{CharacterCount, ErrorSummary, FieldError};
use domain::Description;
use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

const FIELD: &str = "description";

#[component]
pub fn HomePage() -> impl IntoView {
    let submit = ServerAction::<SubmitCase>::new();
    let text = RwSignal::new(String::new());
    // Errors appear once the person has left the field or tried to send, not while typing
    // their first word; after that they update as they type.
    let checked = RwSignal::new(false);
    let attempted = RwSignal::new(false);

    let error = Signal::derive(move || {
        let client = checked
            .get()
            .then(|| {
                Description::parse(&text.read())
                    .err()
                    .map(|e| e.to_string())
            })
            .flatten();
        client.or_else(|| {
            submit
                .value()
                .get()
                .and_then(|result| result.err())
                .and_then(|e| e.for_field(FIELD).or_else(|| Some(e.to_string())))
        })
    });
    let summary = Signal::derive(move || {
        // The summary belongs to an attempt to send, not to leaving a field.
        match (attempted.get(), error.get()) {
            (true, Some(message)) => vec![FieldError {
                field_id: FIELD.to_owned(),
                message,
            }],
            _ => Vec::new(),
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        checked.set(true);
        attempted.set(true);
        if Description::parse(&text.read_untracked()).is_ok() {
            submit.dispatch(SubmitCase {
                description: text.get_untracked(),
            });
        }
    };

    view! {
        <Title text="Tell us what went wrong" />
        <div class="grid-row">
            <div class="column-two-thirds">
                <ErrorSummary errors=summary />
                <h1 class="heading-xl">"Tell us what went wrong"</h1>
                <p class="body-l">
                    "We want to put things right. Tell us what happened in your own words and we will contact you within 3 working days."
                </p>
                <form action=SubmitCase::url() method="post" on:submit=on_submit novalidate>
                    <CharacterCount
                        name=FIELD
                        label="What went wrong?"
                        hint="Include what happened, when it happened and anyone you have already spoken to."
                        max_chars=Description::MAX_CHARS
                        value=text
                        remaining=Description::remaining
                        error=error
                        on_blur=move |_| checked.set(true)
                    />
                    <button type="submit" class="button" disabled=move || submit.pending().get()>
                        {move || if submit.pending().get() { "Sending…" } else { "Send" }}
                    </button>
                </form>
            </div>
        </div>
    }
}
