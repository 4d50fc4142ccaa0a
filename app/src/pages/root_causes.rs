//! `/admin/root-causes` and `/admin/root-causes/{id}`: the root causes staff choose when
//! they answer a complaint, kept by an administrator or the complaints manager. The list
//! shows each with what belongs in it, how many cases recorded it and whether it is in use,
//! with a button to retire or restore it; a form below adds one, and each has a page to
//! rename it. Plain posts without JavaScript; a refused form keeps what was typed.

use crate::components::{ErrorMessage, ErrorSummary, FormErrors, PageProblem, TextArea, TextInput};
use crate::root_causes::{
    RootCauseLine, SaveRootCause, SetRootCauseInUse, root_cause, root_causes,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const FIELDS: [&str; 2] = domain::learning::lists::CategoryDraft::FIELDS;

#[component]
pub fn RootCausesPage() -> impl IntoView {
    let save = ServerAction::<SaveRootCause>::new();
    let in_use = ServerAction::<SetRootCauseInUse>::new();
    let add_form = FormErrors::for_path(
        <SaveRootCause as server_fn::ServerFn>::PATH,
        move || save.value().get(),
        &FIELDS,
        "add-button",
    );
    let list_form = FormErrors::for_path(
        <SetRootCauseInUse as server_fn::ServerFn>::PATH,
        move || in_use.value().get(),
        &[],
        "root-causes",
    );
    let query = use_query_map();
    let list = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("added"),
                q.get("changed"),
                q.get("retired"),
                q.get("restored"),
                in_use.version().get(),
            )
        },
        |_| root_causes(),
    );
    let summary = Signal::derive(move || {
        let mut lines = add_form.summary().get();
        lines.extend(list_form.summary().get());
        lines
    });
    view! {
        <Title text="Root causes" />
        <ErrorSummary errors=summary />
        <h1 class="heading-l">"Root causes"</h1>
        <p class="body">
            "Staff choose a root cause when they answer a complaint; the learning page and the annual report count them. A retired root cause is no longer offered, but stays on the cases that recorded it and in past reports. Renaming one renames it there too."
        </p>
        <Suspense fallback=|| view! { <p class="body">"Loading the root causes…"</p> }>
            {move || {
                list.get()
                    .map(|result| match result {
                        Ok(lines) => view! { <RootCauses lines in_use save add_form list_form /> }.into_any(),
                        Err(error) => view! {
                            <PageProblem error what="the root causes" next="/admin/root-causes" why="The root causes are kept by an administrator or the complaints manager." />
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The notice after a change, naming the root cause it was about.
fn notice(lines: &[RootCauseLine]) -> Option<String> {
    let query = use_query_map();
    let q = query.read_untracked();
    let name = |key: &str| {
        let id = q.get(key)?.parse::<i32>().ok()?;
        lines.iter().find(|l| l.id == id).map(|l| l.name.clone())
    };
    if let Some(name) = name("added") {
        Some(format!("{name} is added. Staff can choose it now."))
    } else if let Some(name) = name("changed") {
        Some(format!("{name} is saved."))
    } else if let Some(name) = name("retired") {
        Some(format!(
            "{name} is retired. Cases that recorded it keep it."
        ))
    } else {
        name("restored").map(|name| format!("{name} is in use again."))
    }
}

#[component]
fn RootCauses(
    lines: Vec<RootCauseLine>,
    in_use: ServerAction<SetRootCauseInUse>,
    save: ServerAction<SaveRootCause>,
    add_form: FormErrors,
    list_form: FormErrors,
) -> impl IntoView {
    let notice = notice(&lines).map(|text| {
        view! {
            <div class="panel-notice" role="status">
                <p class="body"><strong>{text}</strong></p>
            </div>
        }
    });
    let rows = lines
        .into_iter()
        .map(|line| {
            let (tag, status) = if line.in_use {
                ("tag tag--green", "In use")
            } else {
                ("tag tag--none", "Retired")
            };
            let (value, verb) = if line.in_use {
                ("no", "Retire")
            } else {
                ("yes", "Restore")
            };
            let cases = match line.cases {
                1 => "1 case".to_owned(),
                n => format!("{} cases", crate::components::thousands(n)),
            };
            view! {
                <tr>
                    <td>
                        <strong>{line.name.clone()}</strong>
                        {line.description.clone().map(|d| view! { <br /><span>{d}</span> })}
                        <br />
                        <span class="hint">{format!("Recorded on {cases}")}</span>
                    </td>
                    <td class="table__nowrap"><strong class=tag>{status}</strong></td>
                    <td class="root-causes__actions">
                        <a href=format!("/admin/root-causes/{}", line.id)>
                            "Rename"<span class="visually-hidden">{format!(" {}", line.name)}</span>
                        </a>
                        <ActionForm action=in_use>
                            <input type="hidden" name="id" value=line.id.to_string() />
                            <input type="hidden" name="in_use" value=value />
                            <button type="submit" class="button button--secondary learning__done">
                                {verb}<span class="visually-hidden">{format!(" {}", line.name)}</span>
                            </button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {notice}
        <div
            class="form-group"
            class:form-group--error=move || list_form.button().get().is_some()
        >
            <ErrorMessage id="root-causes-error".to_owned() error=list_form.button() />
            <div id="root-causes" tabindex="-1">
                <table class="table">
                    <caption class="table__caption">"Root causes, in use first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Root cause"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col"><span class="visually-hidden">"Rename, retire or restore"</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
        <h2 class="heading-m" id="add-title">"Add a root cause"</h2>
        <RootCauseForm id=None name=String::new() description=String::new() save form=add_form button="Add the root cause" />
    }
}

/// The name and what belongs in it: adding (`id` `None`) or renaming.
#[component]
fn RootCauseForm(
    id: Option<i32>,
    name: String,
    description: String,
    save: ServerAction<SaveRootCause>,
    form: FormErrors,
    button: &'static str,
) -> impl IntoView {
    let typed = crate::components::typed_or_stored();
    let button_id = if id.is_some() {
        "save-button"
    } else {
        "add-button"
    };
    view! {
        <ActionForm action=save attr:novalidate=true>
            <input type="hidden" name="id" value=id.map(|i| i.to_string()).unwrap_or_default() />
            <TextInput
                name="name"
                label="Name"
                hint="Up to 60 characters, as staff will see it in the list."
                value=typed("name", &name)
                error=form.field("name")
                autocomplete="off"
            />
            <TextArea
                name="description"
                label="What belongs in it (optional)"
                hint="Up to 200 characters."
                value=typed("description", &description)
                error=form.field("description")
                rows=3
            />
            <div class="form-group" class:form-group--error=move || form.button().get().is_some()>
                <ErrorMessage id=format!("{button_id}-error") error=form.button() />
                <button type="submit" class="button" id=button_id disabled=move || save.pending().get()>
                    {button}
                </button>
            </div>
        </ActionForm>
    }
}

#[component]
pub fn RootCausePage() -> impl IntoView {
    let save = ServerAction::<SaveRootCause>::new();
    let form = FormErrors::new(move || save.value().get(), &FIELDS, "save-button");
    let params = use_params_map();
    let line = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        root_cause,
    );
    view! {
        <Title text="Rename a root cause" />
        <ErrorSummary errors=form.summary() />
        <a class="back-link" href="/admin/root-causes">"Back to the root causes"</a>
        <Suspense fallback=|| view! { <p class="body">"Loading the root cause…"</p> }>
            {move || {
                line.get()
                    .map(|result| match result {
                        Ok(line) => view! {
                            <h1 class="heading-l">{format!("Rename {}", line.name)}</h1>
                            <p class="body">
                                {format!(
                                    "The new name replaces the old one everywhere: on the {} that recorded it, on the learning page and in past reports. If the cause is really a different one, add it as new and retire this one instead.",
                                    if line.cases == 1 { "case".to_owned() } else { format!("{} cases", line.cases) },
                                )}
                            </p>
                            <RootCauseForm
                                id=Some(line.id)
                                name=line.name
                                description=line.description.unwrap_or_default()
                                save
                                form
                                button="Save the root cause"
                            />
                        }
                        .into_any(),
                        Err(error) => view! {
                            <PageProblem error what="this root cause" next="/admin/root-causes" why="The root causes are kept by an administrator or the complaints manager." />
                        }
                        .into_any(),
                    })
            }}
        </Suspense>
    }
}
