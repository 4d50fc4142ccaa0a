//! The self-assessment against the Complaint Handling Code: `/reports/self-assessment`
//! (read by everyone who reads the reports; answered by the complaints manager through
//! `/reports/self-assessment/answer`; approved by the board member), and the published
//! document at `/self-assessment`, which anyone may read and print without signing in.
//! Plain form posts that work without JavaScript; a refused one comes back with what was
//! typed.

use crate::components::{ErrorMessage, ErrorSummary, FormErrors, PageProblem, Radios, TextArea};
use crate::self_assessment::{
    AnswerProvision, ApproveSelfAssessment, AssessmentView, ProvisionEdit, Published, SectionLines,
    published_self_assessment, read_provision, read_self_assessment,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const ANSWER_FIELDS: [&str; 3] = ["complies", "evidence", "commentary"];
const APPROVE_FIELDS: [&str; 1] = ["response"];

fn answer_words(complies: Option<bool>) -> (&'static str, &'static str) {
    match complies {
        Some(true) => ("Yes", "tag tag--green"),
        Some(false) => ("No", "tag tag--red"),
        None => ("Not answered", "tag tag--amber"),
    }
}

/// The table of one section: provision, requirement, answer, evidence, commentary.
#[component]
fn SectionTable(
    section: SectionLines,
    year: i32,
    #[prop(optional)] editable: bool,
) -> impl IntoView {
    let caption = format!("{}. {}", section.number, section.title);
    let rows = section
        .lines
        .into_iter()
        .map(|line| {
            let (words, tag) = answer_words(line.complies);
            let anchor = format!("p-{}", line.code.replace('.', "-"));
            let change = editable.then(|| {
                let href = format!(
                    "/reports/self-assessment/answer?year={year}&provision={}",
                    line.code
                );
                view! {
                    <a href=href>
                        "Change" <span class="visually-hidden">{format!(" the answer to provision {}", line.code)}</span>
                    </a>
                }
            });
            view! {
                <tr id=anchor>
                    <th scope="row" data-label="Provision">{line.code}</th>
                    <td data-label="What it asks of us">{line.requirement}</td>
                    <td data-label="Comply">
                        <strong class=tag>{words}</strong>
                        {(!line.source.is_empty()).then(|| view! { <span class="hint assessment__source">{line.source}</span> })}
                        {change}
                    </td>
                    <td data-label="Evidence" class="prewrap">{line.evidence}</td>
                    <td data-label="Commentary" class="prewrap">{line.commentary}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table assessment">
            <caption class="table__caption assessment__caption">{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">"Provision"</th>
                    <th scope="col">"What it asks of us"</th>
                    <th scope="col">"Comply"</th>
                    <th scope="col">"Evidence"</th>
                    <th scope="col">"Commentary"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The whole self-assessment: the summary, the approval and every section.
#[component]
fn Assessment(view: AssessmentView, #[prop(optional)] editable: bool) -> impl IntoView {
    let year = view.year;
    let approval = view.approval.clone().map(|a| {
        view! {
            <h2 class="heading-m">"The governing body's response"</h2>
            <p class="body prewrap">{a.response}</p>
            <p class="body hint">{format!("Approved by {} on {}.", a.by, a.on)}</p>
        }
    });
    view! {
        <p class="body">
            {format!(
                "{} provisions answered yes, {} answered no, {} not answered yet.",
                view.complies,
                view.does_not,
                view.unanswered.len()
            )}
        </p>
        {approval}
        {view
            .sections
            .into_iter()
            .map(|section| view! { <SectionTable section year editable /> })
            .collect_view()}
    }
}

#[component]
pub fn SelfAssessmentPage() -> impl IntoView {
    let query = use_query_map();
    let approve = ServerAction::<ApproveSelfAssessment>::new();
    let approve_form = FormErrors::for_path(
        <ApproveSelfAssessment as server_fn::ServerFn>::PATH,
        move || approve.value().get(),
        &APPROVE_FIELDS,
        "approve-button",
    );
    let page = Resource::new(
        move || {
            let q = query.read();
            (q.get("year"), q.get("saved"), q.get("approved"))
        },
        |(year, _, _)| read_self_assessment(year),
    );
    view! {
        <Title text="Self-assessment against the Complaint Handling Code" />
        <ErrorSummary errors=approve_form.summary() />
        <Suspense fallback=|| view! { <p class="body">"Loading the self-assessment…"</p> }>
            {move || {
                page.get()
                    .map(|result| match result {
                        Ok(view) => view! { <Staff view approve approve_form /> }.into_any(),
                        Err(error) => view! {
                            <h1 class="heading-l">"Self-assessment"</h1>
                            <PageProblem
                                error
                                what="the self-assessment"
                                next="/reports/self-assessment"
                                why="The self-assessment is for staff and the board."
                                invalid="the year"
                                retry="Show the last complete year"
                            />
                        }
                            .into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Staff(
    view: AssessmentView,
    approve: ServerAction<ApproveSelfAssessment>,
    approve_form: FormErrors,
) -> impl IntoView {
    let query = use_query_map();
    let year = view.year;
    let notice = move || {
        let q = query.read();
        let text = if q.get("approved").is_some() {
            Some("The self-assessment is approved and published with the annual report.".to_owned())
        } else {
            q.get("saved")
                .map(|code| format!("Your answer to provision {code} is saved."))
        };
        text.map(|text| view! {
            <div class="panel-notice" role="status"><p class="body"><strong>{text}</strong></p></div>
        })
    };
    let years: Vec<i32> = view.years.iter().map(|(y, _)| *y).collect();
    let published = view.approval.is_some();
    let editable = view.may_edit;
    let may_approve = view.may_approve;
    let unanswered = view.unanswered.clone();
    let typed_response = query.read_untracked().get("response").unwrap_or_default();
    let status = if published {
        view! {
            <p class="body">
                "Approved and published. Anyone can read it with the annual report at "
                <a href=format!("/self-assessment?year={year}")>"the published self-assessment"</a> "."
            </p>
        }
            .into_any()
    } else {
        view! {
            <p class="body">
                "A draft: answers come from our records where Putright can see them; the complaints manager answers the rest and may change any. The board member approves it with the governing body's response, which publishes it with the annual report."
            </p>
        }
            .into_any()
    };
    view! {
        <h1 class="heading-l">{format!("Self-assessment against the Complaint Handling Code, {}", view.label)}</h1>
        {notice}
        <crate::pages::reports::YearChooser year years=years action="/reports/self-assessment" />
        <p class="body">{format!("Reporting year {}.", view.span)}</p>
        {status}
        <p class="body"><a href=format!("/reports/annual?year={year}")>"The year's annual report"</a></p>
        <Assessment view editable />
        {may_approve.then(|| view! {
            <h2 class="heading-m" id="approve">"Approve and publish"</h2>
            {(!unanswered.is_empty()).then(|| view! {
                <p class="body">{format!("Still to be answered by the complaints manager: {}.", unanswered.join(", "))}</p>
            })}
            <ActionForm action=approve attr:novalidate=true>
                <input type="hidden" name="year" value=year.to_string() />
                <TextArea
                    name="response"
                    label="The governing body's response"
                    hint="What the board makes of the self-assessment and the annual report, and what it asks to be done. It is published with them."
                    value=typed_response
                    error=approve_form.field("response")
                    rows=6
                />
                <div class="form-group" class:form-group--error=move || approve_form.button().get().is_some()>
                    <ErrorMessage id="approve-button-error".to_owned() error=approve_form.button() />
                    <button type="submit" class="button" id="approve-button" disabled=move || approve.pending().get()>
                        "Approve and publish"
                    </button>
                </div>
            </ActionForm>
        })}
    }
}

#[component]
pub fn AnswerPage() -> impl IntoView {
    let query = use_query_map();
    let answer = ServerAction::<AnswerProvision>::new();
    let form = FormErrors::for_path(
        <AnswerProvision as server_fn::ServerFn>::PATH,
        move || answer.value().get(),
        &ANSWER_FIELDS,
        "answer-button",
    );
    let page = Resource::new(
        move || {
            let q = query.read();
            (q.get("year"), q.get("provision").unwrap_or_default())
        },
        |(year, provision)| read_provision(year, provision),
    );
    view! {
        <ErrorSummary errors=form.summary() />
        <Suspense fallback=|| view! { <p class="body">"Loading the provision…"</p> }>
            {move || {
                page.get()
                    .map(|result| match result {
                        Ok(edit) => view! { <Answer edit answer form /> }.into_any(),
                        Err(error) => view! {
                            <Title text="Answer a provision" />
                            <h1 class="heading-l">"Answer a provision"</h1>
                            <PageProblem
                                error
                                what="this provision"
                                next="/reports/self-assessment"
                                why="Only the complaints manager answers the self-assessment."
                            />
                        }
                            .into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Answer(
    edit: ProvisionEdit,
    answer: ServerAction<AnswerProvision>,
    form: FormErrors,
) -> impl IntoView {
    let query = use_query_map();
    let refused = query.read_untracked().get("__err").is_some();
    let typed = move |name: &str, stored: &str| {
        query.read_untracked().get(name).unwrap_or_else(|| {
            if refused {
                String::new()
            } else {
                stored.to_owned()
            }
        })
    };
    let selected = match edit.complies {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    };
    let title = format!("Provision {}", edit.code);
    let back = format!(
        "/reports/self-assessment?year={}#p-{}",
        edit.year,
        edit.code.replace('.', "-")
    );
    view! {
        <Title text=title.clone() />
        <p class="body"><a href=back class="back-link">"Self-assessment"</a></p>
        <span class="caption">{format!("Self-assessment {}", edit.label)}</span>
        <h1 class="heading-l">{title}</h1>
        <p class="body-l">{edit.requirement}</p>
        {edit.from_records.map(|words| view! {
            <div class="inset-text">
                <p class="body"><strong>"What our records show: "</strong>{words}</p>
            </div>
        })}
        <ActionForm action=answer attr:novalidate=true>
            <input type="hidden" name="year" value=edit.year.to_string() />
            <input type="hidden" name="provision" value=edit.code.clone() />
            <Radios
                name="complies"
                legend="Do we comply?"
                options=vec![("yes", "Yes"), ("no", "No")]
                selected=typed("complies", selected)
                error=form.field("complies")
                inline=true
            />
            <TextArea
                name="evidence"
                label="Evidence"
                hint="Where it shows: the policy's section, a page of our website, the figures."
                value=typed("evidence", &edit.evidence)
                error=form.field("evidence")
                rows=5
            />
            <TextArea
                name="commentary"
                label="Commentary"
                hint="Needed for No: why we do not comply, what we will do and by when."
                value=typed("commentary", &edit.commentary)
                error=form.field("commentary")
                rows=5
            />
            <div class="form-group" class:form-group--error=move || form.button().get().is_some()>
                <ErrorMessage id="answer-button-error".to_owned() error=form.button() />
                <button type="submit" class="button" id="answer-button" disabled=move || answer.pending().get()>
                    "Save the answer"
                </button>
            </div>
        </ActionForm>
    }
}

/// `/self-assessment`: the published annual report and self-assessment, for anyone.
#[component]
pub fn PublishedPage() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(move || query.read().get("year"), published_self_assessment);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || {
                page.get()
                    .map(|result| match result {
                        Ok(published) => view! { <PublishedDocument published /> }.into_any(),
                        Err(error) => view! {
                            <Title text="Complaints self-assessment and annual report" />
                            <h1 class="heading-l">"Complaints self-assessment and annual report"</h1>
                            <PageProblem
                                error
                                what="a published self-assessment for that year"
                                next="/self-assessment"
                                why="Nothing is published for that year yet."
                                invalid="the year"
                                retry="Show the latest"
                            />
                        }
                            .into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn PublishedDocument(published: Published) -> impl IntoView {
    let Published {
        annual,
        assessment,
        years,
    } = published;
    let label = assessment.label.clone();
    let others = (years.len() > 1).then(|| {
        view! {
            <p class="body annual-tools">
                "Other years: "
                {years
                    .into_iter()
                    .filter(|(y, _)| *y != assessment.year)
                    .map(|(y, l)| view! { <a href=format!("/self-assessment?year={y}")>{l}</a> " " })
                    .collect_view()}
            </p>
        }
    });
    view! {
        <Title text=format!("Complaints self-assessment and annual report {label}") />
        {others}
        <crate::pages::annual_report::Annual summary=annual public=true />
        <section class="annual__section">
            <h2 class="heading-l">{format!("Self-assessment against the Housing Ombudsman's Complaint Handling Code, {label}")}</h2>
            <p class="body">
                "For each provision of the Code: what it asks of us, whether we comply, the evidence and our commentary. Where we do not comply, the commentary says what we are doing about it and by when."
            </p>
            <Assessment view=assessment />
        </section>
    }
}
