//! The HTTP status a page answers with when it could not show what was asked for.

use crate::error::AppError;

/// Sets the status of the server-rendered answer for `error` (a missing case answers 404,
/// a refused one 403). In the browser it does nothing: the page is already there.
pub fn answer_with(error: &AppError) {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(match error {
            AppError::NotFound => http::StatusCode::NOT_FOUND,
            AppError::Forbidden => http::StatusCode::FORBIDDEN,
            AppError::Validation { .. } | AppError::Invalid(_) => http::StatusCode::BAD_REQUEST,
            AppError::Stale => http::StatusCode::CONFLICT,
            AppError::Busy => http::StatusCode::SERVICE_UNAVAILABLE,
            _ => http::StatusCode::INTERNAL_SERVER_ERROR,
        });
        if matches!(error, AppError::Busy) {
            response.insert_header(
                http::header::RETRY_AFTER,
                http::HeaderValue::from(crate::error::RETRY_AFTER_SECONDS),
            );
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}

/// The page for a request that cannot be answered: sets the status (see [`answer_with`]),
/// then says what happened in plain words. `what` names the page ("the outbox"); `next` is
/// where signing in again should lead, and where to start again after bad input in the
/// address. `why` says who the page is for, when someone is refused; `invalid` names what
/// in the address was wrong ("the year") and `retry` the link to start again.
#[leptos::component]
pub fn PageProblem(
    error: AppError,
    what: &'static str,
    next: &'static str,
    #[prop(optional)] why: Option<&'static str>,
    #[prop(optional)] invalid: Option<&'static str>,
    #[prop(optional)] retry: Option<&'static str>,
) -> impl leptos::IntoView {
    use leptos::prelude::*;
    use leptos_meta::Title;
    answer_with(&error);
    match error {
        AppError::Forbidden => {
            let title = format!("You cannot see {what}");
            view! {
                <Title text=title.clone() />
                <h1 class="heading-l">{title}</h1>
                <p class="body">
                    {why.unwrap_or("Your account does not give you access to this page.")}
                    " "
                    <a href=format!("/sign-in?next={next}")>"Sign in with another account"</a>
                    " if you have one."
                </p>
            }
            .into_any()
        }
        AppError::NotFound => view! {
            <Title text="Page not found" />
            <h1 class="heading-l">"Page not found"</h1>
            <p class="body">"Check the address, or go back and use the links on the page."</p>
        }
        .into_any(),
        AppError::Validation { message, .. } => {
            let title = format!(
                "There is a problem with {}",
                invalid.unwrap_or("the address")
            );
            view! {
                <Title text=title.clone() />
                <h1 class="heading-l">{title}</h1>
                <p class="body">{message}</p>
                <p class="body">
                    <a href=next>{retry.unwrap_or("Start again")}</a>
                </p>
            }
            .into_any()
        }
        AppError::Busy => view! {
            <Title text="Putright is very busy" />
            <h1 class="heading-l">"Sorry, Putright is very busy just now"</h1>
            <p class="body">
                "Wait a moment, then reload the page. Nothing you did caused this, and nothing was lost."
            </p>
        }
        .into_any(),
        _ => view! {
            <Title text="Sorry, there is a problem" />
            <h1 class="heading-l">"Sorry, there is a problem with the service"</h1>
            <p class="body">"Try again later. Nothing you did caused this."</p>
        }
        .into_any(),
    }
}
