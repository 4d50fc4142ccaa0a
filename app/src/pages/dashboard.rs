//! The staff work queue at `/staff`: whose cases, summary tiles, filters and the cases
//! themselves, the next deadline first.
//!
//! Everything is a link or a GET form whose values stay in the address, so the page works
//! before (and without) the browser bundle, a filtered view can be bookmarked or shared
//! with a colleague, and the back button undoes a filter. Every status has words as well as
//! a colour.

use crate::error::AppError;
use crate::outbox::MessageLine;
use crate::restrictions::ReviewDue;
use crate::staff::Reminders;
use crate::worklist::{
    DueChoice, QueueCounts, QueueFilters, QueueLine, QueueView, ScopeChoice, work_queue,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

mod filters;
use filters::Filters;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        let query = query.read();
        let get = |name: &str| query.get(name);
        // Two tuples: a tuple of more than twelve cannot be compared.
        (
            (
                get("scope"),
                get("stage"),
                get("kind"),
                get("channel"),
                get("handler"),
                get("category"),
            ),
            (
                get("due"),
                get("priority"),
                get("flagged"),
                get("order"),
                get("search"),
                get("closed"),
                get("page"),
            ),
        )
    };
    let queue = Resource::new(
        params,
        |(
            (scope, stage, kind, channel, handler, category),
            (due, priority, flagged, order, search, closed, page),
        )| {
            work_queue(
                scope, stage, kind, channel, handler, category, due, priority, flagged, order,
                search, closed, page,
            )
        },
    );
    // Made here, outside the Transition, which may run its children more than once while
    // rendering on the server. The page is plain HTML: recording a call posts its form and
    // the server draws the queue again, without the call.
    let made = ServerAction::<crate::staff::CallMade>::new();
    // While a new filter's queue loads, the old one stays on screen, dimmed and marked busy.
    let pending = RwSignal::new(false);
    view! {
        <Title text="Work queue" />
        <div class="queue" class:queue--pending=pending aria-busy=move || pending.get().to_string()>
            <Transition
                fallback=|| view! { <p class="body">"Loading the work queue…"</p> }
                set_pending=pending
            >
                {move || {
                    queue
                        .get()
                        .map(|result| match result {
                            Ok(queue) => {
                                view! { <Queue queue made /> }.into_any()
                            }
                            Err(error) => view! { <QueueProblem error /> }.into_any(),
                        })
                }}
            </Transition>
        </div>
    }
}

#[component]
fn Queue(queue: QueueView, made: ServerAction<crate::staff::CallMade>) -> impl IntoView {
    let QueueView {
        filters,
        today,
        counts,
        lines,
        more,
        matching,
        handlers,
        categories,
        scopes,
        reminders,
    } = queue;
    let shown = lines.len();
    let first = (filters.page as usize - 1) * crate::worklist::PAGE_SIZE + 1;
    let results = if filters.page == 1 && !more {
        match shown {
            1 => "1 case".to_owned(),
            n => format!("{n} cases"),
        }
    } else if shown == 0 {
        format!("No cases on page {}", filters.page)
    } else {
        format!(
            "Cases {} to {} of {}",
            crate::components::thousands(first as u64),
            crate::components::thousands((first + shown - 1) as u64),
            crate::components::thousands(matching.max(first + shown - 1) as u64)
        )
    };
    let pages = (filters.page > 1 || more).then(|| {
        view! { <Pagination filters=filters.clone() more /> }
    });
    view! {
        <div class="queue-head">
            <h1 class="heading-l">"Work queue"</h1>
            <LogCase />
        </div>
        <p class="hint queue-today">
            {format!("Today is {today}. Deadlines count working days only.")}
        </p>
        {for_you_line(&reminders)}
        <Scopes filters=filters.clone() scopes=scopes.clone() />
        <Tiles filters=filters.clone() counts=counts.clone() />
        <Filters filters=filters.clone() handlers categories />
        <h2 class="heading-m" id="queue-results">
            {results}
            {(!lines.is_empty())
                .then_some(match filters.order {
                    crate::worklist::OrderChoice::Deadline => ", next deadline first",
                    crate::worklist::OrderChoice::Priority => ", most pressing first",
                })}
        </h2>
        <SearchedWhere filters=filters.clone() scopes />
        {if lines.is_empty() && filters.page > 1 {
            view! {
                <p class="body">
                    <a href=filters.with_page(1).href()>"Go to the first page"</a>
                </p>
            }
                .into_any()
        } else if lines.is_empty() {
            view! { <Empty filters=filters.clone() /> }.into_any()
        } else {
            // The cards are plain HTML with nothing that waits or reacts: drawn at once to
            // one string, rather than line by line through the page's asynchronous
            // rendering, which moves every line's view about several times.
            let cards = lines
                .into_iter()
                .map(|line| view! { <Card line /> })
                .collect_view()
                .to_html();
            view! {
                <ol
                    class="queue-list"
                    aria-labelledby="queue-results"
                    start=first
                    inner_html=cards
                ></ol>
            }
                .into_any()
        }}
        {pages}
        // What is owed by the reader comes after the cases (a line at the top links here),
        // so on a tablet the cases are on the first screen.
        {
            let Reminders { warnings, reviews, remedies, calls } = reminders;
            view! {
                <Warnings warnings />
                <ReviewsDue reviews />
                <crate::pages::staff_case::RemediesDue remedies />
                <crate::pages::staff_case::CallsToMake calls made />
            }
        }
        <Breakdown filters counts />
    }
}

/// One line at the top saying what the reader is owed a look at, each linking to its list
/// further down: warnings, calls to make, promises due.
fn for_you_line(reminders: &Reminders) -> impl IntoView + use<> {
    let counted = |n: usize, one: &str, many: &str| match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{} {many}", crate::components::thousands(n as u64))),
    };
    let f = reminders;
    let (warnings, calls, reviews) = (f.warnings.len(), f.calls.len(), f.reviews.len());
    let (remedies, orders) = (f.remedies.total as usize, f.remedies.orders_total as usize);
    let lines = [
        (counted(warnings, "warning", "warnings"), "#warnings-title"),
        (
            counted(calls, "call to make", "calls to make"),
            "#calls-title",
        ),
        (
            counted(
                reviews,
                "flag on a customer to review",
                "flags on customers to review",
            ),
            "#reviews-due-title",
        ),
        (
            counted(remedies, "remedy you promised", "remedies you promised"),
            "#remedies-due-title",
        ),
        (
            counted(
                orders,
                "Ombudsman order you own",
                "Ombudsman orders you own",
            ),
            "#orders-due-title",
        ),
    ]
    .into_iter()
    .filter_map(|(text, href)| text.map(|text| (text, href)))
    .collect::<Vec<_>>();
    (!lines.is_empty()).then(|| {
        view! {
            <p class="queue-for-you">
                <strong>"For you: "</strong>
                {lines
                    .into_iter()
                    .enumerate()
                    .map(|(i, (text, href))| {
                        view! {
                            {(i > 0).then_some(", ")}
                            <a href=href>{text}</a>
                        }
                    })
                    .collect_view()}
                " (below the cases)"
            </p>
        }
    })
}

/// Under a search's results: where it looked, and a link to look across everything the
/// reader may see when it looked in less.
#[component]
fn SearchedWhere(filters: QueueFilters, scopes: Vec<ScopeChoice>) -> impl IntoView {
    (!filters.search.is_empty()).then(|| {
        let everywhere = filters.search_everywhere(&scopes).map(|wider| {
            view! {
                " "
                <a href=wider.href()>"Search every case you may see, closed ones too"</a>
            }
        });
        view! {
            <p class="body queue-searched">
                {format!("Looked for “{}” in {}.", filters.search, filters.searched_where())}
                {everywhere}
            </p>
        }
    })
}

/// Links to the page before and the page after (GOV.UK's pagination, without numbers:
/// the queue changes as people work, so "next" is what matters).
#[component]
fn Pagination(filters: QueueFilters, more: bool) -> impl IntoView {
    let page = filters.page;
    let previous = (page > 1).then(|| {
        view! {
            <div class="pagination__prev">
                <a class="pagination__link" href=filters.with_page(page - 1).href() rel="prev">
                    <span class="pagination__link-title">"Previous"</span>
                    <span class="visually-hidden">" page"</span>
                </a>
            </div>
        }
    });
    let next = (more && page < crate::worklist::LAST_PAGE).then(|| {
        view! {
            <div class="pagination__next">
                <a class="pagination__link" href=filters.with_page(page + 1).href() rel="next">
                    <span class="pagination__link-title">"Next"</span>
                    <span class="visually-hidden">" page"</span>
                </a>
            </div>
        }
    });
    view! {
        <nav class="pagination" aria-label="Pages of the queue">
            {previous}
            <p class="pagination__current">{format!("Page {page}")}</p>
            {next}
        </nav>
    }
}

/// Logging a case that reached us by phone, letter, email or in person: for staff who may.
#[component]
fn LogCase() -> impl IntoView {
    use domain::access::{Action, role_may};
    let auth = expect_context::<crate::AuthContext>();
    move || {
        let may_log = auth
            .viewer
            .get()
            .and_then(Result::ok)
            .flatten()
            .is_some_and(|viewer| role_may(viewer.role, Action::LogCaseForCustomer));
        may_log.then(|| {
            view! {
                <ul class="step-buttons queue-log" aria-label="Log a case for a customer">
                    <li>
                        <a class="button button--secondary step-button" href="/make?kind=complaint">
                            "Log a complaint"
                        </a>
                    </li>
                    <li>
                        <a class="button button--secondary step-button" href="/make?kind=service_request">
                            "Log a service request"
                        </a>
                    </li>
                    <li>
                        <a class="button button--secondary step-button" href="/make?kind=compliment">
                            "Log a compliment"
                        </a>
                    </li>
                </ul>
            }
        })
    }
}

/// My cases, my team (for those who manage people), unassigned, all: links that keep the
/// other filters.
#[component]
fn Scopes(filters: QueueFilters, scopes: Vec<ScopeChoice>) -> impl IntoView {
    view! {
        <nav class="queue-scopes" aria-label="Whose cases">
            <ul class="queue-scopes__list">
                {scopes
                    .into_iter()
                    .map(|scope| {
                        let current = scope == filters.scope;
                        view! {
                            <li class="queue-scopes__item">
                                <a
                                    class="queue-scopes__link"
                                    href=filters.with_scope(scope).href()
                                    aria-current=current.then_some("page")
                                >
                                    {scope.label()}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// Overdue, due today, due this week: each a link to the queue narrowed to it (and back).
#[component]
fn Tiles(filters: QueueFilters, counts: QueueCounts) -> impl IntoView {
    let tiles = [
        (DueChoice::Overdue, counts.overdue, "red"),
        (DueChoice::Today, counts.due_today, "amber"),
        (DueChoice::ThisWeek, counts.due_this_week, "blue"),
    ];
    view! {
        <ul class="queue-tiles" aria-label="Deadlines">
            {tiles
                .into_iter()
                .map(|(due, count, colour)| {
                    let current = filters.due == Some(due);
                    let href = filters.with_due((!current).then_some(due)).href();
                    view! {
                        <li class="queue-tiles__item">
                            <a
                                class=format!("queue-tile queue-tile--{colour}")
                                class:queue-tile--current=current
                                href=href
                                aria-current=current.then_some("true")
                            >
                                <span class="queue-tile__count">{count}</span>
                                <span class="queue-tile__label">{due.label()}</span>
                                {current
                                    .then(|| {
                                        view! {
                                            <span class="queue-tile__hint">"Showing only these"</span>
                                        }
                                    })}
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// How many cases are at each stage (each a link to them) and which step each is waiting on.
#[component]
fn Breakdown(filters: QueueFilters, counts: QueueCounts) -> impl IntoView {
    view! {
        <div class="queue-breakdown">
            <div class="queue-breakdown__group">
                <h2 class="queue-breakdown__title" id="by-stage">"By stage"</h2>
                <ul class="queue-breakdown__list" aria-labelledby="by-stage">
                    {counts
                        .by_stage
                        .into_iter()
                        .map(|tally| {
                            let current = tally.stage.is_some() && tally.stage == filters.stage;
                            let stage = if current { None } else { tally.stage };
                            let href = filters.with_stage(stage).href();
                            view! {
                                <li>
                                    <a
                                        class="queue-breakdown__link"
                                        class:queue-breakdown__link--current=current
                                        href=href
                                        aria-current=current.then_some("true")
                                    >
                                        {tally.label}
                                        " "
                                        <strong>{tally.count}</strong>
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
            <div class="queue-breakdown__group">
                <h2 class="queue-breakdown__title" id="by-step">"Next step"</h2>
                <ul class="queue-breakdown__list" aria-labelledby="by-step">
                    {counts
                        .by_leg
                        .into_iter()
                        .map(|tally| {
                            view! {
                                <li class="queue-breakdown__count">
                                    {tally.label}
                                    " "
                                    <strong>{tally.count}</strong>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        </div>
    }
}

/// One case: its status in words and colour, the step due and when, who it is for and
/// who has it.
#[component]
fn Card(line: QueueLine) -> impl IntoView {
    let href = format!("/staff/cases/{}", line.reference);
    let rag = line.due.as_ref().map_or("none", |d| d.rag.as_str());
    let status = match line.due.clone() {
        Some(due) => view! {
            <strong class=format!("tag tag--{rag}")>{due.rag.label()}</strong>
            <span class="queue-card__left">{due.time_left}</span>
        }
        .into_any(),
        None => view! { <strong class="tag tag--none">"No deadline running"</strong> }.into_any(),
    };
    let due = line.due.map(|due| {
        view! {
            <p class="queue-card__due">
                <span class="queue-card__leg">{due.leg}</span>
                " by "
                <strong>{due.due_on}</strong>
            </p>
            <p class="queue-card__why">{due.explanation}</p>
        }
    });
    let customer = match (line.customer, line.postcode) {
        (Some(name), Some(postcode)) => format!("{name}, {postcode}"),
        (Some(name), None) => name,
        (None, Some(postcode)) => postcode,
        (None, None) => "Not recorded".to_owned(),
    };
    let priority = (line.priority != domain::triage::Priority::Standard).then(|| {
        let label = format!("{} priority", line.priority.label());
        view! {
            <strong class=format!("tag tag--priority-{}", line.priority.code())>{label}</strong>
            " "
        }
    });
    let flag = line.vulnerability.map(|short| {
        let (class, label) = if line.risk {
            ("tag tag--risk", "Risk")
        } else {
            ("tag tag--vulnerable", "Vulnerable")
        };
        view! {
            " "
            <strong class=class>{label}</strong>
            <span class="queue-card__flag">{format!(" {short}")}</span>
        }
    });
    let update = line.update_due.map(|since| {
        view! {
            <p class="queue-card__update">
                <strong class="tag tag--amber">"Update due"</strong>
                {format!(" since {since}")}
            </p>
        }
    });
    view! {
        <li class=format!("queue-card queue-card--{rag}")>
            <div class="queue-card__main">
                <p class="queue-card__status">{priority} {status}</p>
                <h3 class="queue-card__title">
                    <a class="queue-card__link" href=href>
                        {line.reference.clone()}
                    </a>
                </h3>
                <p class="queue-card__kind">{format!("{} · {}", line.kind, line.stage)}</p>
                {due}
                {update}
            </div>
            <dl class="queue-card__facts">
                <div class="queue-card__fact">
                    <dt>"Customer"</dt>
                    <dd>
                        {customer}
                        {line
                            .adjustments
                            .then(|| {
                                view! {
                                    " "
                                    <strong class="tag tag--adjustments">"Adjustments"</strong>
                                }
                            })}
                        {flag}
                    </dd>
                </div>
                <div class="queue-card__fact">
                    <dt>{line.owner_role}</dt>
                    <dd>{line.owner.unwrap_or_else(|| "Nobody yet".to_owned())}</dd>
                </div>
                <div class="queue-card__fact">
                    <dt>"Came by"</dt>
                    <dd>{format!("{}, {}", line.channel, line.received_on)}</dd>
                </div>
            </dl>
        </li>
    }
}

#[component]
fn Empty(filters: QueueFilters) -> impl IntoView {
    let narrowed = filters.narrowed();
    let clear = QueueFilters::scope_only(filters.scope).href();
    let all = QueueFilters::scope_only(ScopeChoice::All).href();
    view! {
        <div class="queue-empty">
            <p class="queue-empty__title">"Nothing matches these filters"</p>
            {if narrowed {
                view! {
                    <p class="body">
                        "Check the spelling of a name or postcode, or "
                        <a href=clear>"clear the filters"</a>
                        "."
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <p class="body">
                        "There are no open cases here. " <a href=all>"See all cases"</a> "."
                    </p>
                }
                    .into_any()
            }}
        </div>
    }
}

#[component]
fn QueueProblem(error: AppError) -> impl IntoView {
    crate::components::answer_with(&error);
    match error {
        AppError::Forbidden => view! {
            <Title text="You cannot see the work queue" />
            <h1 class="heading-l">"You cannot see the work queue"</h1>
            <p class="body">
                "The work queue is for staff who handle cases. "
                <a href="/sign-in?next=/staff">"Sign in with a staff account"</a>
                " to see it."
            </p>
        }
        .into_any(),
        AppError::Validation { message, .. } => view! {
            <Title text="There is a problem with the filters" />
            <h1 class="heading-l">"There is a problem with the filters"</h1>
            <p class="body">{message}</p>
            <p class="body">
                <a href="/staff">"Go back to the work queue"</a>
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

/// Contact restrictions, vulnerability flags and reasonable adjustments whose review date
/// has come, for those who decide them. Nothing when there are none.
#[component]
fn ReviewsDue(reviews: Vec<ReviewDue>) -> impl IntoView {
    (!reviews.is_empty()).then(|| {
        view! {
            <section class="warnings" aria-labelledby="reviews-due-title">
                <h2 class="heading-m" id="reviews-due-title">
                    "Flags on customers to review"
                </h2>
                <ul class="warnings__list">
                    {reviews
                        .into_iter()
                        .map(|r| {
                            view! {
                                <li>
                                    <a href=r.href>{r.name}</a>
                                    {format!(
                                        ": {}, {} (review by {})",
                                        r.flag.to_lowercase(),
                                        r.what,
                                        r.review_on,
                                    )}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

/// The deadline warnings, remedy reminders and digests sent to the signed-in person in the
/// last week, newest first: the same messages as their e-mail. Nothing when there are none.
#[component]
fn Warnings(warnings: Vec<MessageLine>) -> impl IntoView {
    (!warnings.is_empty()).then(|| {
        view! {
            <section class="warnings" aria-labelledby="warnings-title">
                <h2 class="heading-m" id="warnings-title">
                    "Warnings for you"
                </h2>
                <ul class="warnings__list">
                    {warnings
                        .into_iter()
                        .map(|w| {
                            let text = format!("{} ({})", w.subject, w.created);
                            match w.reference {
                                Some(reference) => {
                                    view! {
                                        <li>
                                            <a href=format!("/staff/cases/{reference}")>{text}</a>
                                        </li>
                                    }
                                        .into_any()
                                }
                                None => view! { <li>{text}</li> }.into_any(),
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}
