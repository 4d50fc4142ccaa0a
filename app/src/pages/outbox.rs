//! `/admin/outbox`: every message the service has queued, newest first, with where each
//! stands. Without a mail server this is where they are read.

use crate::components::PageProblem;
use crate::outbox::{MessageLine, OutboxView, outbox_messages};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OutboxPage() -> impl IntoView {
    let outbox = Resource::new(|| (), |_| outbox_messages());
    view! {
        <Title text="Outbox" />
        <Suspense fallback=|| view! { <p class="body">"Loading the outbox…"</p> }>
            {move || {
                outbox
                    .get()
                    .map(|result| match result {
                        Ok(view) => view! { <Outbox view /> }.into_any(),
                        Err(error) => {
                            view! { <PageProblem error what="the outbox" next="/admin/outbox" /> }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Outbox(view: OutboxView) -> impl IntoView {
    let OutboxView {
        sending,
        pending,
        sent,
        failed,
        messages,
    } = view;
    let empty = messages.is_empty();
    view! {
        <h1 class="heading-l">"Outbox"</h1>
        {if sending {
            view! {
                <p class="body">
                    "E-mail is switched on: messages are sent shortly after they are written, and tried again if the mail server cannot take them."
                </p>
            }
                .into_any()
        } else {
            view! {
                <div class="inset">
                    <p class="body">
                        "E-mail is not switched on, so nothing is sent. The messages wait here. To send them, set "
                        <code>"PUTRIGHT_SMTP_URL"</code> " and restart the service."
                    </p>
                </div>
            }
                .into_any()
        }}
        <ul class="queue-tiles outbox-counts" aria-label="Messages by state">
            <li class="queue-tile">
                <span class="queue-tile__count">{pending}</span>
                <span class="queue-tile__label">"Waiting"</span>
            </li>
            <li class="queue-tile">
                <span class="queue-tile__count">{sent}</span>
                <span class="queue-tile__label">"Sent"</span>
            </li>
            <li class="queue-tile">
                <span class="queue-tile__count">{failed}</span>
                <span class="queue-tile__label">"Not sent"</span>
            </li>
        </ul>
        <h2 class="heading-m">"Newest messages"</h2>
        {if empty {
            view! { <p class="body">"No messages yet."</p> }.into_any()
        } else {
            view! {
                <ol class="outbox">
                    {messages
                        .into_iter()
                        .map(|message| view! { <Message message /> })
                        .collect_view()}
                </ol>
            }
                .into_any()
        }}
    }
}

#[component]
fn Message(message: MessageLine) -> impl IntoView {
    let tag = match message.state.as_str() {
        "sent" => "tag tag--green",
        "failed" | "sending" => "tag tag--red",
        _ => "tag tag--none",
    };
    let tag_text = match message.state.as_str() {
        "sent" => "Sent",
        "failed" => "Not sent",
        "sending" => "Check",
        _ => "Waiting",
    };
    view! {
        <li class="outbox__item">
            <h3 class="heading-s outbox__subject">
                {message.subject.clone()} " " <strong class=tag>{tag_text}</strong>
            </h3>
            <p class="body outbox__meta">
                "To " {message.to} <br /> "Written " {message.created} <br /> {message.status}
                {message
                    .reference
                    .map(|reference| {
                        view! {
                            <br />
                            <a href=format!("/staff/cases/{reference}")>
                                {format!("Case {reference}")}
                            </a>
                        }
                    })}
            </p>
            {match message.body {
                Some(body) => {
                    view! {
                        <details class="outbox__details">
                            <summary>
                                "Read the message"
                                <span class="visually-hidden">
                                    {format!(": {}", message.subject)}
                                </span>
                            </summary>
                            <pre class="outbox__body">{body}</pre>
                        </details>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <p class="hint">
                            "Its wording is not shown: it is about a case, and only staff who work cases read those."
                        </p>
                    }
                        .into_any()
                }
            }}
        </li>
    }
}
