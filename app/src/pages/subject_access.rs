//! `/staff/customers/{id}/data`: a subject access request answered (the complaints
//! manager). Says what the archive holds, how other people's details are removed and
//! what to check before sending it, and links the download
//! (`/staff/customers/{id}/data.zip`). No script needed.

use crate::components::PageProblem;
use crate::your_data::{SubjectAccessView, subject_access_page};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SubjectAccessPage() -> impl IntoView {
    let id_param = crate::components::id_param();
    let id = move || id_param().unwrap_or(0);
    let page = Resource::new(id, subject_access_page);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || {
                page.get()
                    .map(|result| match result {
                        Ok(view) => view! { <Archive view /> }.into_any(),
                        Err(error) => view! {
                            <Title text="Everything we hold about someone" />
                            <h1 class="heading-l">"Everything we hold about someone"</h1>
                            <PageProblem
                                error
                                what="this person's data"
                                next="/staff"
                                why="Only the complaints manager answers subject access requests."
                            />
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Archive(view: SubjectAccessView) -> impl IntoView {
    let title = format!("Everything we hold about {}", view.name);
    let cases = match view.cases.len() {
        0 => "no cases".to_owned(),
        1 => "1 case".to_owned(),
        n => format!("{n} cases"),
    };
    let back = view
        .cases
        .last()
        .map(|reference| format!("/staff/cases/{reference}"))
        .unwrap_or_else(|| "/staff".to_owned());
    view! {
        <Title text=title.clone() />
        <p class="body"><a href=back class="back-link">"Back to the case"</a></p>
        <h1 class="heading-l">{title}</h1>
        <p class="body">
            "For a subject access request: the law gives us one month from the day we receive it to send a copy of the personal data we hold."
        </p>
        <p class="body">{format!("The archive holds, for {}:", view.name)}</p>
        <ul class="list list--bullet">
            <li>"their contact details, adjustments"{view.has_account.then_some(" and account")}</li>
            <li>"their vulnerability and contact-restriction records, past ones too"</li>
            <li>{format!("{cases}: what they told us, the whole timeline with staff notes, every letter and every file")}</li>
        </ul>
        <p class="body">
            "It is a ZIP file with a summary to read or print (summary.html), the same as data (data.json) and the files."
        </p>
        <div class="inset">
            <p class="body">
                "Other people's details are removed from the text: people acting for them, names marked for removal on their cases, and any email address, phone number, postcode or person after a title that is not theirs. Staff names stay. Files are as they were sent. Read the summary and the files before sending, and remove anything else about someone else."
            </p>
        </div>
        <p class="body">
            <a class="button" href=format!("/staff/customers/{}/data.zip", view.customer_id) download="">
                "Download the archive"
            </a>
        </p>
    }
}
