//! `/admin`: every page that keeps Putright running, grouped as the administrator's guide
//! groups them, each with what it is for; only those the person's role has. The bar at
//! the top links here in their place (`components::layout::is_administration`).

use crate::components::{PageProblem, administration_pages};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

/// A page on the hub: its address, its name and what it is for.
type Link = (&'static str, &'static str, &'static str);

/// Each administration page's group and what it is for, in the hub's order.
const PAGES: [(&str, &str, &str); 15] = [
    (
        "People",
        "/admin/staff",
        "Add staff and board members, with their role and manager.",
    ),
    (
        "People",
        "/admin/accounts",
        "Disable or enable any account, send a link to set a new password, or sign it out everywhere.",
    ),
    (
        "People",
        "/staff/panel-members",
        "Accounts for involved customers, who review redacted cases.",
    ),
    (
        "The landlord",
        "/admin/landlord",
        "The name, address, phone and email that residents, footers and letters give, and the Housing Ombudsman's details.",
    ),
    (
        "The landlord",
        "/admin/homes",
        "The number of homes each reporting year, for the regulator's complaint rates.",
    ),
    (
        "The calendar",
        "/admin/calendar",
        "Bank holidays from GOV.UK and the landlord's closure days, which deadlines skip.",
    ),
    (
        "The calendar",
        "/admin/continuity",
        "A period when something beyond the landlord's control stops complaints being handled.",
    ),
    (
        "The complaints procedure",
        "/admin/policies",
        "Policy versions and their timescales, from the day each takes effect.",
    ),
    (
        "The complaints procedure",
        "/admin/letters",
        "Each letter's subject, opening, next step and sign-off, with a preview.",
    ),
    (
        "The complaints procedure",
        "/admin/root-causes",
        "The root causes staff choose from when they answer a complaint.",
    ),
    (
        "Personal data",
        "/admin/retention",
        "How long personal data is kept after a case ends, and what is due for erasure.",
    ),
    (
        "History and messages",
        "/admin/import",
        "Bring in cases from the previous system from a CSV file.",
    ),
    (
        "History and messages",
        "/admin/outbox",
        "Every e-mail sent or waiting, with its status.",
    ),
    (
        "Other systems",
        "/admin/api-clients",
        "Tokens for a housing-management system or a reporting tool to use the API: what each may do, the calls it made, and revoking one.",
    ),
    (
        "Other systems",
        "/admin/webhooks",
        "Addresses another system gave to be told at once when a case is logged or moves on: what each is sent, how it went, and disabling one.",
    ),
];

#[component]
pub fn AdminHubPage() -> impl IntoView {
    let auth = expect_context::<crate::AuthContext>();
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || {
                auth.viewer.get().map(|viewer| {
                    let pages = match viewer {
                        Ok(Some(viewer)) => administration_pages(viewer.role),
                        _ => Vec::new(),
                    };
                    if pages.is_empty() {
                        view! {
                            <PageProblem
                                error=AppError::Forbidden
                                what="the administration pages"
                                next="/admin"
                                why="Only administrators and the complaints manager have administration pages."
                            />
                        }
                        .into_any()
                    } else {
                        view! { <Hub pages /> }.into_any()
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Hub(pages: Vec<(&'static str, &'static str)>) -> impl IntoView {
    let mut groups: Vec<(&str, Vec<Link>)> = Vec::new();
    for (group, href, what) in PAGES {
        let Some((_, label)) = pages.iter().find(|(h, _)| *h == href) else {
            continue;
        };
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, links)) => links.push((href, label, what)),
            None => groups.push((group, vec![(href, label, what)])),
        }
    }
    view! {
        <Title text="Administration" />
        <h1 class="heading-l">"Administration"</h1>
        <p class="body">
            "The pages that keep Putright right through the year. The administrator's guide says what to do on each, and when."
        </p>
        {groups
            .into_iter()
            .map(|(group, links)| {
                view! {
                    <h2 class="heading-m">{group}</h2>
                    <ul class="list admin-hub__list">
                        {links
                            .into_iter()
                            .map(|(href, label, what)| {
                                view! {
                                    <li class="admin-hub__item">
                                        <a href=href class="admin-hub__link">{label}</a>
                                        <p class="body hint">{what}</p>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })
            .collect_view()}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_administration_page_of_every_role_is_on_the_hub() {
        for role in domain::Role::ALL {
            for (href, label) in administration_pages(role) {
                assert!(
                    PAGES
                        .iter()
                        .any(|(_, h, what)| *h == href && !what.is_empty()),
                    "{role:?}: {label} ({href}) is missing from the hub"
                );
            }
        }
        assert!(administration_pages(domain::Role::Admin).len() >= 10);
        assert!(administration_pages(domain::Role::Resident).is_empty());
    }
}
