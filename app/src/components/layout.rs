use leptos::prelude::*;

/// Lets keyboard users jump past the header straight to the page's content.
#[component]
pub fn SkipLink() -> impl IntoView {
    view! {
        <a
            href="#main-content"
            class="skip-link"
            on:click=|ev| {
                ev.prevent_default();
                super::focus_element("main-content");
            }
        >
            "Skip to main content"
        </a>
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let auth = expect_context::<crate::AuthContext>();
    let account = move || {
        auth.viewer.get().map(|viewer| match viewer {
            Ok(Some(viewer)) => view! {
                {(viewer.role == domain::Role::Resident)
                    .then(|| view! { <a href="/cases" class="header__link">"Your cases"</a> })}
                {crate::worklist::may_use_queue(viewer.role)
                    .then(|| view! { <a href="/staff" class="header__link">"Work queue"</a> })}
                {(viewer.role == domain::Role::InvolvedCustomer)
                    .then(|| view! { <a href="/panel" class="header__link">"Your reviews"</a> })}
                {crate::learning::may_manage_learning(viewer.role)
                    .then(|| view! { <a href="/learning" class="header__link">"Learning"</a> })}
                {crate::homes::may_set_homes(viewer.role)
                    .then(|| view! { <a href="/admin/homes" class="header__link">"Homes count"</a> })}
                {crate::import::may_import(viewer.role)
                    .then(|| view! { <a href="/admin/import" class="header__link">"Import history"</a> })}
                {crate::staff_accounts::may_manage_accounts(viewer.role)
                    .then(|| view! { <a href="/admin/staff" class="header__link">"Staff accounts"</a> })}
                {crate::outbox::may_read_outbox(viewer.role)
                    .then(|| view! { <a href="/admin/outbox" class="header__link">"Outbox"</a> })}
                {crate::panel::members::may_manage_panel(viewer.role)
                    .then(|| view! { <a href="/staff/panel-members" class="header__link">"Panel members"</a> })}
                <span class="header__viewer">
                    {viewer.name} <span class="header__role">{viewer.role.label()}</span>
                </span>
                <ActionForm action=auth.sign_out attr:class="header__sign-out">
                    <button type="submit" class="header__link">"Sign out"</button>
                </ActionForm>
            }
            .into_any(),
            _ => view! { <a href="/sign-in" class="header__link">"Sign in"</a> }.into_any(),
        })
    };
    view! {
        <header class="header">
            <div class="width-container header__inner">
                <a href="/" class="header__brand">"Putright"</a>
                <span class="header__service">"Complaints and feedback"</span>
                <nav class="header__account" aria-label="Account">
                    <Transition fallback=|| ()>{account}</Transition>
                </nav>
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
