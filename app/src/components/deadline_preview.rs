use domain::{Calendar, deadlines::long_date, deadlines::preview_stage1};
use leptos::prelude::*;

/// "If we receive your complaint now, …": the dates the customer can hold us to, worked
/// out in the browser (or on the server for the first render) by the domain's calendar.
#[component]
pub fn DeadlinePreview() -> impl IntoView {
    let d = preview_stage1(&Calendar::england_and_wales(), crate::clock::now());
    let acknowledge = d.acknowledge.map(|a| long_date(a.due));
    view! {
        <div class="inset" id="deadline-preview">
            <h2 class="heading-s">"What happens next"</h2>
            <p class="body">"If you send this now, we will:"</p>
            <ul class="list list--bullet">
                <li>"contact you by " <strong>{long_date(d.contact.due)}</strong></li>
                {acknowledge.map(|date| view! {
                    <li>"write to confirm we have your complaint by " <strong>{date}</strong></li>
                })}
                <li>"send you our full answer by " <strong>{long_date(d.respond.due)}</strong></li>
            </ul>
            <p class="hint">"We count working days: not weekends or bank holidays, and anything that arrives after 5pm counts from the next working day."</p>
        </div>
    }
}
