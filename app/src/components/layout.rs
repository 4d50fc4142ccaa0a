use leptos::prelude::*;

/// Lets keyboard users jump past the header straight to the page's content.
#[component]
pub fn SkipLink() -> impl IntoView {
    view! {
        // A plain in-page link: the browser moves focus to the main area (it has
        // `tabindex="-1"`) as it follows the link, with or without JavaScript.
        <a href="#main-content" class="skip-link">
            "Skip to main content"
        </a>
    }
}

/// The header: the service's name and the account on one row, then, for people with pages
/// of their own, those pages in a bar below (the GOV.UK service navigation pattern), so a
/// complaints manager's five pages do not push the header to three rows on a tablet.
#[component]
pub fn Header() -> impl IntoView {
    let auth = expect_context::<crate::AuthContext>();
    let account = move || {
        auth.viewer.get().map(|viewer| match viewer {
            Ok(Some(viewer)) => view! {
                <span class="header__viewer">
                    {viewer.name} <span class="header__role">{viewer.role.label()}</span>
                </span>
                <a href="/account/password" class="header__link">"Change password"</a>
                <ActionForm action=auth.sign_out attr:class="header__sign-out">
                    <button type="submit" class="header__link">"Sign out"</button>
                </ActionForm>
            }
            .into_any(),
            _ => view! { <a href="/sign-in" class="header__link">"Sign in"</a> }.into_any(),
        })
    };
    let pages = move || {
        let role = auth.viewer.get()?.ok()??.role;
        let links = pages_for(role);
        (!links.is_empty()).then(|| view! { <ServiceNavigation links /> })
    };
    view! {
        <header class="header">
            <div class="header__top">
                <div class="width-container header__inner">
                    <a href="/" class="header__brand">"Putright"</a>
                    <span class="header__service">"Complaints and feedback"</span>
                    <nav class="header__account" aria-label="Account">
                        <Transition fallback=|| ()>{account}</Transition>
                    </nav>
                </div>
            </div>
            <Transition fallback=|| ()>{pages}</Transition>
        </header>
    }
}

/// Pages that keep the service running rather than work cases: the bar shows one
/// "Administration" link to the hub (`/admin`, [`administration_pages`]) in their place when
/// someone has two or more, so an administrator's bar stays one row on a tablet and two on
/// a phone.
pub fn is_administration(href: &str) -> bool {
    href.starts_with("/admin/") || href == "/staff/panel-members"
}

/// The administration pages someone in `role` has, in the bar's order.
pub fn administration_pages(role: domain::Role) -> Vec<(&'static str, &'static str)> {
    every_page_for(role)
        .into_iter()
        .filter(|(href, _)| is_administration(href))
        .collect()
}

/// The bar of someone in `role`: their pages, with the administration ones behind one link
/// to the hub when there are two or more.
fn pages_for(role: domain::Role) -> Vec<(&'static str, &'static str)> {
    let every = every_page_for(role);
    if every
        .iter()
        .filter(|(href, _)| is_administration(href))
        .count()
        < 2
    {
        return every;
    }
    let mut bar: Vec<(&'static str, &'static str)> = every
        .into_iter()
        .filter(|(href, _)| !is_administration(href))
        .collect();
    bar.push(("/admin", "Administration"));
    bar
}

/// Every page someone in `role` has, in the order the bar shows them.
fn every_page_for(role: domain::Role) -> Vec<(&'static str, &'static str)> {
    let offered: [(bool, &'static str, &'static str); 20] = [
        (role == domain::Role::Resident, "/cases", "Your cases"),
        (crate::worklist::may_use_queue(role), "/staff", "Work queue"),
        (
            role == domain::Role::InvolvedCustomer,
            "/panel",
            "Your reviews",
        ),
        (
            crate::learning::may_manage_learning(role),
            "/learning",
            "Learning",
        ),
        (
            crate::homes::may_set_homes(role),
            "/admin/homes",
            "Homes count",
        ),
        (
            crate::calendar::may_manage(role),
            "/admin/calendar",
            "Calendar",
        ),
        (
            crate::continuity::may_declare(role),
            "/admin/continuity",
            "Business continuity",
        ),
        (
            crate::reports::may_view_reports(role),
            "/reports",
            "Reports",
        ),
        (
            crate::landlord::may_set_landlord(role),
            "/admin/landlord",
            "Landlord details",
        ),
        (
            crate::policies::may_manage(role),
            "/admin/policies",
            "Policy versions",
        ),
        (
            crate::letter_wording::may_manage(role),
            "/admin/letters",
            "Letter wording",
        ),
        // The complaints manager reaches them from the learning page.
        (
            crate::root_causes::may_manage(role) && !crate::learning::may_manage_learning(role),
            "/admin/root-causes",
            "Root causes",
        ),
        (
            crate::import::may_import(role),
            "/admin/import",
            "Import history",
        ),
        (
            crate::staff_accounts::may_manage_accounts(role),
            "/admin/staff",
            "Staff accounts",
        ),
        (
            crate::accounts::may_manage(role),
            "/admin/accounts",
            "Accounts",
        ),
        (
            crate::api_clients::may_manage(role),
            "/admin/api-clients",
            "API clients",
        ),
        (
            crate::webhooks::may_manage(role),
            "/admin/webhooks",
            "Webhooks",
        ),
        (
            crate::retention::may_manage(role),
            "/admin/retention",
            "Retention",
        ),
        (
            crate::outbox::may_read_outbox(role),
            "/admin/outbox",
            "Outbox",
        ),
        (
            crate::panel::members::may_manage_panel(role),
            "/staff/panel-members",
            "Panel members",
        ),
    ];
    offered
        .into_iter()
        .filter(|(offered, _, _)| *offered)
        .map(|(_, href, label)| (href, label))
        .collect()
}

/// The bar of someone's pages; the page they are on is marked as current.
#[component]
fn ServiceNavigation(links: Vec<(&'static str, &'static str)>) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    view! {
        <nav class="service-nav" aria-label="Your pages">
            <ul class="width-container service-nav__list">
                {links
                    .into_iter()
                    .map(|(href, label)| {
                        let current = move || {
                            let path = location.pathname.get();
                            (path == href || path.starts_with(&format!("{href}/")))
                                .then_some("page")
                        };
                        view! {
                            <li class="service-nav__item">
                                <a href=href class="service-nav__link" aria-current=current>
                                    {label}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let contacts = Resource::new(|| (), |_| crate::landlord::landlord_details());
    let contact = move || {
        contacts.get().and_then(Result::ok).map(|c| {
            let l = c.landlord;
            let o = c.ombudsman;
            view! {
                <p>
                    {format!("Contact {} about a complaint: phone ", l.name)}
                    <a href=l.phone_link()>{l.phone.clone()}</a>
                    ", email "
                    <a href=format!("mailto:{}", l.email)>{l.email.clone()}</a>
                    {format!(", or write to {}.", l.address_line())}
                </p>
                <p>
                    "If you are not happy with how we handled your complaint, you can contact the Housing Ombudsman Service: "
                    <a href=o.phone_link()>{o.phone.clone()}</a>
                    ", "
                    <a href=format!("mailto:{}", o.email)>{o.email.clone()}</a>
                    "."
                </p>
            }
        })
    };
    view! {
        <footer class="footer">
            <div class="width-container">
                <Transition fallback=|| ()>{contact}</Transition>
            </div>
        </footer>
    }
}
