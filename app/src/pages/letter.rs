//! A letter, laid out as the A4 page it prints on: the customer's address, the date and our
//! reference, the subject, the body, the sign-off, and the Housing Ombudsman's details in a
//! box of their own. The print stylesheet (`style/main.css`, "Letters") hides everything
//! else on paper.
//!
//! The "Print this letter" button appears once the page is interactive; before that (or
//! without JavaScript) the page says to use the browser's own print command instead, so
//! there is never a button that does nothing.

use crate::error::AppError;
use crate::letters::{LetterLine, LetterView, read_letter};
use domain::letters::{Block, Letter};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LetterPage() -> impl IntoView {
    let id = crate::components::id_param();
    let letter = Resource::new(id, |id| async move {
        match id {
            Some(id) => read_letter(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading the letter…"</p> }>
            {move || {
                letter
                    .get()
                    .map(|result| match result {
                        Ok(view) => view! { <LetterSheet view /> }.into_any(),
                        Err(error) => view! { <Problem error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn LetterSheet(view: LetterView) -> impl IntoView {
    let back = view.case_page;
    view! {
        <Title text=view.letter.subject.clone() />
        <div class="letter-tools">
            <p class="body">
                <a href=back class="back-link">
                    {format!("Back to case {}", view.reference)}
                </a>
            </p>
            <crate::components::PrintButton what="letter".to_owned() class="button letter-tools__print".to_owned() />
        </div>
        <PrintedLetter letter=view.letter dated=view.dated large_print=view.large_print />
    }
}

/// A letter not yet issued, under the form that would issue it: where it would go, and the
/// letter itself.
#[component]
pub fn LetterPreviewBody(
    preview: crate::letters::LetterPreview,
    /// A sample for an administrator changing the wording: it goes nowhere.
    #[prop(optional)]
    sample: bool,
) -> impl IntoView {
    let goes = match &preview.emailed_to {
        _ if sample => "It is a sample: it is not sent or kept.".to_owned(),
        Some(email) => format!("It will be e-mailed to {email} and kept on the case."),
        None => "It will be kept on the case for printing and posting.".to_owned(),
    };
    view! {
        <p class="body">{goes}</p>
        <PrintedLetter
            letter=preview.letter
            dated=preview.dated
            large_print=preview.large_print
            in_page=true
            under_h2=sample
        />
    }
}

/// A letter as printed: letterhead, addresses, body, signature and what follows it. On a
/// page of its own its subject is the page's heading; `in_page` shows it inside another
/// page, under that page's headings.
#[component]
fn PrintedLetter(
    letter: Letter,
    dated: String,
    large_print: bool,
    #[prop(optional)] in_page: bool,
    /// In a page, directly under a second-level heading (not a step's third-level one).
    #[prop(optional)]
    under_h2: bool,
) -> impl IntoView {
    let (after_signature, body): (Vec<Block>, Vec<Block>) =
        letter.blocks.into_iter().partition(Block::after_signature);
    let from = letter.from.map(|landlord| {
        view! {
            <address class="letter__from">
                <strong class="letter__line">{landlord.name}</strong>
                {landlord
                    .address
                    .into_iter()
                    .map(|line| view! { <span class="letter__line">{line}</span> })
                    .collect_view()}
                <span class="letter__line">{landlord.phone}</span>
                <span class="letter__line">{landlord.email}</span>
            </address>
        }
    });
    let subject = if in_page && under_h2 {
        view! {
            <h3 class="letter__subject" id="letter-subject">
                {letter.subject}
            </h3>
        }
        .into_any()
    } else if in_page {
        view! {
            <h4 class="letter__subject" id="letter-subject">
                {letter.subject}
            </h4>
        }
        .into_any()
    } else {
        view! {
            <h1 class="letter__subject" id="letter-subject">
                {letter.subject}
            </h1>
        }
        .into_any()
    };
    view! {
        <article
            class="letter"
            class:letter--large-print=large_print
            class:letter--in-page=in_page
            aria-labelledby="letter-subject"
        >
            {from}
            <div class="letter__head">
                <address class="letter__to">
                    {letter
                        .recipient
                        .into_iter()
                        .map(|line| view! { <span class="letter__line">{line}</span> })
                        .collect_view()}
                </address>
                <dl class="letter__meta">
                    <dt>"Date"</dt>
                    <dd>{dated}</dd>
                    <dt>"Our reference"</dt>
                    <dd>{letter.reference}</dd>
                </dl>
            </div>
            <p class="letter__greeting">{letter.greeting}</p>
            {subject}
            {body.into_iter().map(render_block).collect_view()}
            <p class="letter__closing">{letter.closing}</p>
            <p class="letter__signature">{letter.signed_by}</p>
            {after_signature.into_iter().map(render_block).collect_view()}
        </article>
    }
}

fn render_block(block: Block) -> AnyView {
    match block {
        Block::Heading(text) => view! { <h2 class="letter__heading">{text}</h2> }.into_any(),
        Block::Paragraph(text) => view! { <p class="letter__paragraph">{text}</p> }.into_any(),
        Block::InShort { heading, sentences } => view! {
            <section class="letter__in-short" aria-labelledby="letter-in-short">
                <h2 class="letter__heading" id="letter-in-short">
                    {heading}
                </h2>
                {sentences
                    .into_iter()
                    .map(|s| view! { <p class="letter__short">{s}</p> })
                    .collect_view()}
            </section>
        }
        .into_any(),
        Block::List(items) => view! {
            <ul class="letter__list">
                {items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}
            </ul>
        }
        .into_any(),
        Block::Ombudsman {
            heading,
            paragraphs,
            contact,
        } => boxed(
            "letter__ombudsman",
            "letter-ombudsman",
            heading,
            paragraphs,
            contact,
        ),
        Block::ContactUs {
            heading,
            paragraphs,
            contact,
        } => boxed(
            "letter__contact-us",
            "letter-contact-us",
            heading,
            paragraphs,
            contact,
        ),
    }
}

/// A part of the letter after the signature, with a heading, paragraphs and contact lines
/// of its own: how to contact us, and the Ombudsman's box.
fn boxed(
    class: &'static str,
    id: &'static str,
    heading: String,
    paragraphs: Vec<String>,
    contact: Vec<String>,
) -> AnyView {
    view! {
        <aside class=class aria-labelledby=id>
            <h2 class="letter__heading" id=id>
                {heading}
            </h2>
            {paragraphs
                .into_iter()
                .map(|p| view! { <p class="letter__paragraph">{p}</p> })
                .collect_view()}
            <address class="letter__contact">
                {contact
                    .into_iter()
                    .map(|line| view! { <span class="letter__line">{line}</span> })
                    .collect_view()}
            </address>
        </aside>
    }
    .into_any()
}

/// The letters on a case, for its page: each links to the letter, to read or print. Shows
/// nothing when there are none yet.
#[component]
pub fn CaseLetters(lines: Vec<LetterLine>) -> impl IntoView {
    (!lines.is_empty()).then(|| view! { <LetterList lines /> })
}

#[component]
fn LetterList(lines: Vec<LetterLine>) -> impl IntoView {
    view! {
        <section class="case-letters" aria-labelledby="case-letters-title">
            <h2 class="heading-m" id="case-letters-title">
                "Letters"
            </h2>
            <p class="body">"Open a letter to read it or print it."</p>
            <ul class="letter-list">
                {lines
                    .into_iter()
                    .map(|line| {
                        let href = format!("/letters/{}", line.id);
                        view! {
                            <li class="letter-list__item">
                                <a href=href>{line.subject}</a>
                                <span class="hint letter-list__date">
                                    {format!("Sent {}", line.issued_on)}
                                    {line.large_print.then_some(" in large print")}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// The answer for a letter that is missing or not the reader's (the same), or for someone
/// not signed in.
#[component]
fn Problem(error: AppError) -> impl IntoView {
    crate::components::answer_with(&error);
    match error {
        AppError::NotFound => view! {
            <Title text="Letter not found" />
            <h1 class="heading-l">"We cannot find that letter"</h1>
            <p class="body">
                "Check the link. You can only see letters about your own cases and those you act for."
            </p>
            <p class="body">
                <a href="/cases">"See your cases"</a>
            </p>
        }
        .into_any(),
        AppError::Forbidden => view! {
            <Title text="Sign in to see your letters" />
            <h1 class="heading-l">"Sign in to see your letters"</h1>
            <p class="body">
                <a href="/sign-in?next=/cases">"Sign in"</a>
                " to see the letters about your cases."
            </p>
        }
        .into_any(),
        other => view! {
            <Title text="Sorry, there is a problem" />
            <h1 class="heading-l">"Sorry, there is a problem"</h1>
            <p class="body">{other.to_string()}</p>
        }
        .into_any(),
    }
}
