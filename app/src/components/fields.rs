//! Form fields after the GOV.UK Design System: each with its label or legend, hint, error
//! message and the ARIA that ties them together. Values are plain HTML values, rendered on
//! the server, so the form works without JavaScript and keeps what was typed.

use super::ErrorMessage;
use leptos::prelude::*;

fn described_by(name: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{name}-hint"));
    }
    if error {
        ids.push(format!("{name}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A one-line text input.
#[component]
pub fn TextInput(
    #[prop(into)] name: String,
    /// The element's id, when it differs from the name (a row of a repeating part).
    #[prop(optional, into)]
    id: Option<String>,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    value: String,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// `input--width-10` and the like: the width says how long an answer we expect.
    #[prop(optional)]
    width: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.clone());
    let described = id.clone();
    let class = move || {
        let mut c = String::from("input");
        if let Some(w) = width {
            c.push(' ');
            c.push_str(w);
        }
        if error.get().is_some() {
            c.push_str(" input--error");
        }
        c
    };
    view! {
        <div class="form-group" class:form-group--error=move || error.get().is_some()>
            <label class="label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="hint" id=format!("{id}-hint")>{h}</div> })}
            <ErrorMessage id=format!("{id}-error") error=error />
            <input
                class=class
                id=id.clone()
                name=name
                type=input_type
                value=value
                autocomplete=autocomplete
                inputmode=inputmode
                spellcheck=(input_type == "email" || input_type == "tel").then_some("false")
                aria-describedby=move || described_by(&described, hint.is_some(), error.get().is_some())
                aria-invalid=move || error.get().is_some().then_some("true")
            />
        </div>
    }
}

/// A multi-line answer.
#[component]
pub fn TextArea(
    #[prop(into)] name: String,
    /// The element's id, when it differs from the name (a row of a repeating part).
    #[prop(optional, into)]
    id: Option<String>,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    value: String,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = 4)] rows: u32,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.clone());
    let described = id.clone();
    view! {
        <div class="form-group" class:form-group--error=move || error.get().is_some()>
            <label class="label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="hint" id=format!("{id}-hint")>{h}</div> })}
            <ErrorMessage id=format!("{id}-error") error=error />
            <textarea
                class="textarea"
                class:textarea--error=move || error.get().is_some()
                id=id.clone()
                name=name
                rows=rows
                aria-describedby=move || described_by(&described, hint.is_some(), error.get().is_some())
                aria-invalid=move || error.get().is_some().then_some("true")
            >
                {value}
            </textarea>
        </div>
    }
}

/// A radio group's choices: each value with its label, fixed or made at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choices(pub Vec<(String, String)>);

impl From<Vec<(&'static str, &'static str)>> for Choices {
    fn from(options: Vec<(&'static str, &'static str)>) -> Self {
        Self(
            options
                .into_iter()
                .map(|(v, l)| (v.to_owned(), l.to_owned()))
                .collect(),
        )
    }
}

impl From<Vec<(String, String)>> for Choices {
    fn from(options: Vec<(String, String)>) -> Self {
        Self(options)
    }
}

/// One choice from a list, as radio buttons in a fieldset.
#[component]
pub fn Radios(
    #[prop(into)] name: String,
    /// The first option's id and the prefix of the others', when it differs from the name.
    #[prop(optional, into)]
    id: Option<String>,
    #[prop(into)] legend: String,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(into)] options: Choices,
    selected: String,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] inline: bool,
) -> impl IntoView {
    let base = id.unwrap_or_else(|| name.clone());
    let described = base.clone();
    view! {
        <div class="form-group" class:form-group--error=move || error.get().is_some()>
            <fieldset
                class="fieldset"
                aria-describedby=move || described_by(&described, hint.is_some(), error.get().is_some())
            >
                <legend class="fieldset__legend">{legend}</legend>
                {hint.map(|h| view! { <div class="hint" id=format!("{base}-hint")>{h}</div> })}
                <ErrorMessage id=format!("{base}-error") error=error />
                <div class="radios" class:radios--inline=inline>
                    {options
                        .0
                        .into_iter()
                        .enumerate()
                        .map(|(i, (value, label))| {
                            // The first option carries the field's id, for the error summary.
                            let id = if i == 0 { base.clone() } else { format!("{base}-{value}") };
                            view! {
                                <div class="radios__item">
                                    <input
                                        class="radios__input"
                                        id=id.clone()
                                        name=name.clone()
                                        type="radio"
                                        checked=selected == value
                                        value=value
                                    />
                                    <label class="label radios__label" for=id>{label}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// Any number of choices, as checkboxes in a fieldset.
#[component]
pub fn Checkboxes(
    name: &'static str,
    legend: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    options: Vec<(&'static str, &'static str)>,
    selected: Vec<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// Posted as `name[]`, which a server function reads as a list (the ids keep `name`).
    #[prop(optional)]
    many: bool,
    /// Each choice shows its value under its label after this word (`Scope cases:read`):
    /// the code whoever sets up another system reads in the API's reference.
    #[prop(optional)]
    coded: Option<&'static str>,
) -> impl IntoView {
    let posted = if many {
        format!("{name}[]")
    } else {
        name.to_owned()
    };
    view! {
        <div class="form-group" class:form-group--error=move || error.get().is_some()>
            <fieldset
                class="fieldset"
                aria-describedby=move || described_by(name, hint.is_some(), error.get().is_some())
            >
                <legend class="fieldset__legend">{legend}</legend>
                {hint.map(|h| view! { <div class="hint" id=format!("{name}-hint")>{h}</div> })}
                <ErrorMessage id=format!("{name}-error") error=error />
                <div class="checkboxes">
                    {options
                        .into_iter()
                        .enumerate()
                        .map(|(i, (value, label))| {
                            // The first choice carries the field's id, for the error summary;
                            // the others a name-safe form of their value.
                            let id = if i == 0 {
                                name.to_owned()
                            } else {
                                format!("{name}-{}", value.replace([':', '.'], "-"))
                            };
                            let code_id = format!("{id}-code");
                            let checked = selected.iter().any(|s| s == value);
                            view! {
                                <div class="checkboxes__item">
                                    <input
                                        class="checkboxes__input"
                                        id=id.clone()
                                        name=posted.clone()
                                        type="checkbox"
                                        value=value
                                        checked=checked
                                        aria-describedby=coded.map(|_| code_id.clone())
                                    />
                                    {match coded {
                                        None => view! {
                                            <label class="label checkboxes__label" for=id>{label}</label>
                                        }
                                            .into_any(),
                                        Some(word) => view! {
                                            <div class="checkboxes__text">
                                                <label class="label checkboxes__label" for=id>{label}</label>
                                                <div class="hint checkboxes__hint" id=code_id>
                                                    {word}" "<code>{value}</code>
                                                </div>
                                            </div>
                                        }
                                            .into_any(),
                                    }}
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// A date as three boxes: day, month, year (the GOV.UK date input).
#[component]
pub fn DateInput(
    #[prop(into)] name: String,
    /// The day box's id and the prefix of the others', when it differs from the name.
    #[prop(optional, into)]
    id: Option<String>,
    #[prop(into)] legend: String,
    #[prop(optional)] hint: Option<&'static str>,
    /// Day, month and year as typed.
    value: (String, String, String),
    #[prop(into)] error: Signal<Option<String>>,
    /// Between the field's name and `day`, `month` or `year` in the posted names: `-` for
    /// the online form, `_` for a server function's arguments.
    #[prop(default = "-")]
    joiner: &'static str,
    /// Posted as `name[day]`, `name[month]`, `name[year]`: a row of a repeating part.
    #[prop(optional)]
    bracketed: bool,
) -> impl IntoView {
    let (day, month, year) = value;
    let base = id.unwrap_or_else(|| name.clone());
    let described = base.clone();
    let part = {
        let base = base.clone();
        move |suffix: &'static str, label: &'static str, value: String, width: &'static str| {
            // The day box carries the field's id, for the error summary.
            let id = if suffix == "day" {
                base.clone()
            } else {
                format!("{base}-{suffix}")
            };
            let posted = if bracketed {
                format!("{name}[{suffix}]")
            } else {
                format!("{name}{joiner}{suffix}")
            };
            let class = move || {
                if error.get().is_some() {
                    format!("input {width} input--error")
                } else {
                    format!("input {width}")
                }
            };
            view! {
                <div class="date-input__item">
                    <label class="label date-input__label" for=id.clone()>{label}</label>
                    <input
                        class=class
                        id=id
                        name=posted
                        type="text"
                        inputmode="numeric"
                        value=value
                    />
                </div>
            }
        }
    };
    view! {
        <div class="form-group" class:form-group--error=move || error.get().is_some()>
            <fieldset
                class="fieldset"
                role="group"
                aria-describedby=move || described_by(&described, hint.is_some(), error.get().is_some())
            >
                <legend class="fieldset__legend">{legend}</legend>
                {hint.map(|h| view! { <div class="hint" id=format!("{base}-hint")>{h}</div> })}
                <ErrorMessage id=format!("{base}-error") error=error />
                <div class="date-input">
                    {part("day", "Day", day, "input--width-2")}
                    {part("month", "Month", month, "input--width-2")}
                    {part("year", "Year", year, "input--width-4")}
                </div>
            </fieldset>
        </div>
    }
}

/// A choice in a drop-down: its value and what it says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// A drop-down with a "Choose…" first option, keeping a typed value.
#[component]
pub fn Select(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    choices: Vec<Choice>,
    chosen: String,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let described = move || described_by(name, hint.is_some(), error.get().is_some());
    view! {
        <div class="form-group" class:form-group--error=move || error.get().is_some()>
            <label class="label" for=name>{label}</label>
            {hint.map(|h| view! { <div class="hint" id=format!("{name}-hint")>{h}</div> })}
            <ErrorMessage id=format!("{name}-error") error=error />
            <select class="select" id=name name=name aria-describedby=described>
                <option value="" selected=chosen.is_empty()>"Choose…"</option>
                {choices
                    .into_iter()
                    .map(|c| {
                        let selected = c.value == chosen;
                        view! { <option value=c.value selected=selected>{c.label}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
