use leptos::prelude::*;

/// The browser's print dialogue, once the page's script has run; until then (and without
/// JavaScript) words saying how to print. Both render the same on the server and before the
/// island wakes, so nothing jumps.
#[island]
pub fn PrintButton(
    /// What is printed, in words: "letter", "report".
    what: String,
    /// The button's classes.
    class: String,
) -> impl IntoView {
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let _ = window().print();
        }
    };
    move || {
        if interactive.get() {
            view! {
                <button type="button" class=class.clone() on:click=print>
                    {format!("Print this {what}")}
                </button>
            }
            .into_any()
        } else {
            view! {
                <p class="hint">{format!("To print this {what}, use your browser’s Print command.")}</p>
            }
            .into_any()
        }
    }
}
