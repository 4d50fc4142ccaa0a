//! The front page: what you can do here, and what to expect.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let landlord = Resource::new(|| (), |_| crate::landlord::landlord_details());
    let ways = move || {
        landlord.get().and_then(Result::ok).map(|contacts| {
            let landlord = contacts.landlord;
            view! { <crate::components::LandlordContacts landlord /> }
        })
    };
    view! {
        <Title text="Tell us what went wrong, ask for help, or say thank you" />
        <div class="grid-row">
            <div class="column-two-thirds">
                <h1 class="heading-xl">"Tell us how we are doing"</h1>
                <p class="body-l">
                    "We want to put things right when they go wrong, and to hear when they go well."
                </p>
                <ul class="start-list">
                    <li class="start-list__item">
                        <a class="button button--start" href="/make?kind=complaint" role="button" draggable="false">
                            "Make a complaint"
                        </a>
                        <p class="body">
                            "If we did something wrong, or did not do something we should have. We contact you within 3 working days and reply in full within 10 working days of acknowledging it."
                        </p>
                    </li>
                    <li class="start-list__item">
                        <a class="button button--secondary" href="/make?kind=service_request" role="button" draggable="false">
                            "Ask us to do something"
                        </a>
                        <p class="body">"A repair, a visit, or anything else you need from us."</p>
                    </li>
                    <li class="start-list__item">
                        <a class="button button--secondary" href="/make?kind=compliment" role="button" draggable="false">
                            "Give a compliment"
                        </a>
                        <p class="body">"Tell us about someone who did a good job. We will pass it on."</p>
                    </li>
                </ul>
                <h2 class="heading-m">"Already in touch with us?"</h2>
                <p class="body">
                    "Use the private link we gave you, or "
                    <a href="/sign-in?next=/cases">"sign in to see your cases"</a> "."
                </p>
                <h2 class="heading-m">"Other ways to reach us"</h2>
                <p class="body">
                    "You can also tell us by phone, by letter, by email, on social media or in person at any of our offices. We treat every complaint the same way, however it reaches us."
                </p>
                <Suspense fallback=|| ()>{ways}</Suspense>
            </div>
        </div>
    }
}
