//! How to reach the landlord: phone, e-mail and post, as a summary list.

use domain::landlord::Landlord;
use leptos::prelude::*;

#[component]
pub fn LandlordContacts(landlord: Landlord) -> impl IntoView {
    let l = landlord;
    view! {
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"Phone"</dt>
                <dd class="summary-list__value">
                    <a href=l.phone_link()>{l.phone.clone()}</a>
                </dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Email"</dt>
                <dd class="summary-list__value">
                    <a href=format!("mailto:{}", l.email)>{l.email.clone()}</a>
                </dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Post"</dt>
                <dd class="summary-list__value">
                    <address class="address">
                        {std::iter::once(l.name.clone())
                            .chain(l.address.iter().cloned())
                            .map(|line| view! { <span class="letter__line">{line}</span> })
                            .collect_view()}
                    </address>
                </dd>
            </div>
        </dl>
    }
}
