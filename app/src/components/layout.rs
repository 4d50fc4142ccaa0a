use leptos::prelude::*;

/// Lets keyboard users jump past the header straight to the page's content.
#[component]
pub fn SkipLink() -> impl IntoView {
    view! { <a href="#main-content" class="skip-link">"Skip to main content"</a> }
}

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="header">
            <div class="width-container header__inner">
                <a href="/" class="header__brand">"Putright"</a>
                <span class="header__service">"Complaints and feedback"</span>
            </div>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="footer">
            <div class="width-container">
                <p>
                    "If you are not happy with how we handled your complaint, you can contact the Housing Ombudsman Service: "
                    <a href="tel:03001113000">"0300 111 3000"</a>
                    ", "
                    <a href="mailto:info@housing-ombudsman.org.uk">"info@housing-ombudsman.org.uk"</a>
                    "."
                </p>
            </div>
        </footer>
    }
}
