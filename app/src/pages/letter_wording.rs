//! `/admin/letters`: each kind of letter and the wording it uses; `/admin/letters/{kind}`:
//! one kind's passages to change, a preview on a sample case, and the versions saved
//! before (administrators). Plain form posts that work without JavaScript: "Preview" shows
//! the page again with the words typed, a refused save comes back with them, and nothing
//! is saved until "Save".

use crate::components::{ErrorMessage, ErrorSummary, FormErrors, PageProblem, TextArea, TextInput};
use crate::letter_wording::{
    KindLine, PREVIEW, RESTORE, SAVE, SaveLetterWording, Typed, WordingView, letter_wording,
    letter_wordings,
};
use domain::letters::LetterKind;
use domain::letters::template::{Part, passages};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const FIELDS: [&str; 5] = ["subject", "opening", "opening_early", "next", "sign_off"];

#[component]
pub fn LetterWordingsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| letter_wordings());
    view! {
        <Title text="Letter wording" />
        <h1 class="heading-l">"Letter wording"</h1>
        <p class="body">
            "Each kind of letter has a subject line, an opening, a passage about what happens next, and a sign-off in the landlord's own words. Putright writes the rest from the case: the findings and what we will do to put things right, the reasons given, how to contact us, the easy-read summary, and the Housing Ombudsman's details with the customer's deadline to go to them."
        </p>
        <p class="body">
            "Each change is saved as a new version. Letters already issued keep the words they were sent with, and each records its version."
        </p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || {
                list.get()
                    .map(|result| match result {
                        Ok(lines) => view! { <KindTable lines /> }.into_any(),
                        Err(error) => view! {
                            <PageProblem error what="the letters' wording" next="/" why="Only an administrator changes the letters' wording." />
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn KindTable(lines: Vec<KindLine>) -> impl IntoView {
    view! {
        <dl class="summary-list">
            {lines
                .into_iter()
                .map(|line| {
                    let href = format!("/admin/letters/{}", line.kind);
                    view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">{line.label.clone()}</dt>
                            <dd class="summary-list__value">{line.wording}</dd>
                            <dd class="summary-list__actions">
                                <a href=href>
                                    "Change"
                                    <span class="visually-hidden">{format!(" the {} wording", line.label.to_lowercase())}</span>
                                </a>
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

#[component]
pub fn LetterWordingPage() -> impl IntoView {
    let save = ServerAction::<SaveLetterWording>::new();
    let form = FormErrors::new(move || save.value().get(), &FIELDS, "wording-button");
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || {
            let query = query.read();
            let typed = Typed {
                subject: query.get("subject"),
                opening: query.get("opening"),
                opening_early: query.get("opening_early"),
                next: query.get("next"),
                sign_off: query.get("sign_off"),
            };
            let from = query.get("from").and_then(|v| v.parse::<u32>().ok());
            (
                params.read().get("kind").unwrap_or_default(),
                from,
                typed,
                query.get("saved"),
            )
        },
        |(kind, from, typed, _)| letter_wording(kind, from, typed),
    );
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || {
                page.get()
                    .map(|result| match result {
                        Ok(view) => view! { <Wording view save form /> }.into_any(),
                        Err(error) => view! {
                            <Title text="Letter wording" />
                            <PageProblem error what="this letter's wording" next="/admin/letters" why="Only an administrator changes the letters' wording." />
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Wording(
    view: WordingView,
    save: ServerAction<SaveLetterWording>,
    form: FormErrors,
) -> impl IntoView {
    let query = use_query_map();
    let Ok(kind) = LetterKind::parse(&view.kind) else {
        return ().into_any();
    };
    let title = format!("{} letter wording", view.label);
    let saved = query.read_untracked().get("saved").map(|version| {
        view! {
            <div class="panel-notice" role="status">
                <p class="body">
                    <strong>{format!("Version {version} is saved.")}</strong>
                    " Every letter of this kind written from now on uses it."
                </p>
            </div>
        }
    });
    let from = query.read_untracked().get("from").map(|version| {
        view! {
            <div class="inset-text">
                <p class="body">
                    {format!("The form starts from version {version}'s words. Nothing changes until you save them as a new version.")}
                </p>
            </div>
        }
    });
    let in_use = match view.version {
        0 => "Letters of this kind use Putright's own wording.".to_owned(),
        v => format!("Letters of this kind use version {v} of the wording."),
    };
    let text_of = |part: Part| {
        view.texts
            .iter()
            .find(|(p, _)| p == part.as_str())
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    let fields = passages(kind)
        .iter()
        .map(|passage| {
            let name = passage.part.as_str();
            let value = text_of(passage.part);
            if passage.part.one_line() {
                view! {
                    <TextInput name=name label=passage.label hint=passage.hint value error=form.field(name) />
                }
                .into_any()
            } else {
                view! {
                    <TextArea name=name label=passage.label hint=passage.hint value error=form.field(name) rows=6 />
                }
                .into_any()
            }
        })
        .collect_view();
    let problems = (!view.problems.is_empty()).then(|| {
        view! {
            <div class="warning-text">
                <p class="body">
                    <strong>"These words cannot be saved yet:"</strong>
                </p>
                <ul class="list list--bullet">
                    {view
                        .problems
                        .iter()
                        .map(|(_, message)| view! { <li>{message.clone()}</li> })
                        .collect_view()}
                </ul>
            </div>
        }
    });
    let restore = (view.version != 0).then(|| {
        let kind = view.kind.clone();
        let in_use = view.version.to_string();
        view! {
            <h2 class="heading-m">"Put back Putright's own wording"</h2>
            <p class="body">"Saves Putright's own words as a new version. You can go back to any version later."</p>
            <ActionForm action=save>
                <input type="hidden" name="kind" value=kind />
                <input type="hidden" name="in_use" value=in_use />
                <button type="submit" class="button button--secondary" name="intent" value=RESTORE>
                    "Put back Putright's own wording"
                </button>
            </ActionForm>
        }
    });
    let history = view! { <History view=view.clone() /> };
    let (kind_code, in_use_version) = (view.kind.clone(), view.version.to_string());
    let preview = match view.preview.clone() {
        Some(letter) => view! {
            <crate::pages::letter::LetterPreviewBody preview=crate::letters::LetterPreview {
                dated: view.dated.clone(),
                large_print: false,
                emailed_to: None,
                letter,
            } sample=true />
        }
        .into_any(),
        None => view! { <p class="body">"The sample letter cannot be written."</p> }.into_any(),
    };
    view! {
        <Title text=title.clone() />
        <ErrorSummary errors=form.summary() />
        <a class="back-link" href="/admin/letters">"Back to letter wording"</a>
        <h1 class="heading-l">{title}</h1>
        {saved}
        <p class="body">{in_use}</p>
        <p class="body">
            "Change the passages below. Write a fact of the case as its placeholder in curly brackets, and Putright fills it in for each letter. Leave a blank line between paragraphs."
        </p>
        <Placeholders kind />
        {from}
        <ActionForm action=save attr:novalidate=true>
            <input type="hidden" name="kind" value=kind_code />
            <input type="hidden" name="in_use" value=in_use_version />
            {fields}
            <div class="form-group" class:form-group--error=move || form.button().get().is_some()>
                <ErrorMessage id="wording-button-error".to_owned() error=form.button() />
                <div class="button-group">
                    <button type="submit" class="button" id="wording-button" name="intent" value=SAVE disabled=move || save.pending().get()>
                        "Save as a new version"
                    </button>
                    <button type="submit" class="button button--secondary" name="intent" value=PREVIEW>
                        "Preview"
                    </button>
                </div>
            </div>
        </ActionForm>
        <h2 class="heading-m" id="preview">"Preview on a sample case"</h2>
        <p class="body">
            "A made-up customer's letter, dated today, in the words above. The dates are worked out as they would be for a real case."
        </p>
        {problems}
        {preview}
        {history}
        {restore}
    }
    .into_any()
}

/// The facts a kind of letter can name, and the passages that must keep one.
#[component]
fn Placeholders(kind: LetterKind) -> impl IntoView {
    let mut facts: Vec<domain::letters::template::Fact> = Vec::new();
    for passage in passages(kind) {
        for fact in passage.facts {
            if !facts.contains(fact) {
                facts.push(*fact);
            }
        }
    }
    let required = passages(kind)
        .iter()
        .flat_map(|p| p.required.iter().map(move |f| (p.label, f.name)))
        .map(|(label, name)| view! { <li>{format!("{label}: {{{name}}}")}</li> })
        .collect_view();
    view! {
        <details class="details">
            <summary class="details__summary">"Placeholders this letter can use"</summary>
            <div class="details__text">
                <dl class="summary-list">
                    {facts
                        .into_iter()
                        .map(|fact| view! {
                            <div class="summary-list__row">
                                <dt class="summary-list__key"><code>{format!("{{{}}}", fact.name)}</code></dt>
                                <dd class="summary-list__value">{fact.means}</dd>
                            </div>
                        })
                        .collect_view()}
                </dl>
                <p class="body">"These must stay, so the customer always knows what happens next and when:"</p>
                <ul class="list list--bullet">{required}</ul>
                <p class="body">"The subject line takes only a few of them and the sign-off none: Putright says so when a placeholder cannot be used where it is written."</p>
            </div>
        </details>
    }
}

#[component]
fn History(view: WordingView) -> impl IntoView {
    let kind = view.kind.clone();
    let standard = format!(
        "Putright's own wording: {} written with it.",
        letters(view.standard_letters)
    );
    if view.history.is_empty() {
        return view! {
            <h2 class="heading-m">"Versions"</h2>
            <p class="body">{format!("No version has been saved yet. {standard}")}</p>
        }
        .into_any();
    }
    view! {
        <h2 class="heading-m" id="versions">"Versions"</h2>
        <div class="table-scroll" role="region" aria-labelledby="versions" tabindex="0">
        <table class="table">
            <caption class="visually-hidden">"Saved versions of this wording, newest first"</caption>
            <thead>
                <tr>
                    <th scope="col">"Version"</th>
                    <th scope="col">"Saved"</th>
                    <th scope="col">"What it changed"</th>
                    <th scope="col">"Letters written"</th>
                    <th scope="col"><span class="visually-hidden">"Start from it"</span></th>
                </tr>
            </thead>
            <tbody>
                {view
                    .history
                    .into_iter()
                    .map(|line| {
                        let href = format!("/admin/letters/{kind}?from={}", line.version);
                        let changed = if line.changed.is_empty() {
                            "Put back Putright's own wording".to_owned()
                        } else {
                            line.changed.join(", ")
                        };
                        let current = (line.version == view.version).then_some(" (in use)");
                        view! {
                            <tr>
                                <th scope="row">{format!("{}{}", line.version, current.unwrap_or_default())}</th>
                                <td>{line.saved}</td>
                                <td>{changed}</td>
                                <td>{line.letters}</td>
                                <td>
                                    <a href=href>
                                        "Start from it"
                                        <span class="visually-hidden">{format!(" (version {})", line.version)}</span>
                                    </a>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        </div>
        <p class="body">{standard}</p>
    }
    .into_any()
}

fn letters(n: u64) -> String {
    match n {
        1 => "1 letter".to_owned(),
        n => format!("{n} letters"),
    }
}
