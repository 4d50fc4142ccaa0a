//! The online form's island: the one part of the form page that runs in the browser.
//!
//! The form itself (every field, its label, hint and the problems the server found) is
//! rendered on the server and passed in as the island's children, so none of its markup is
//! compiled into the browser's module. The island listens to the form and, with the
//! domain's own rules, shows each problem as the person leaves a field, lists them all in
//! the error summary when they send it, keeps the characters-left count and the deadline
//! preview current, and sends a chosen file with a progress bar. It changes only the parts
//! the server rendered for it, in the same markup the server writes, so a page looks the
//! same whether a problem was found here or there.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the island needs to know that is not on the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckFacts {
    /// Today's London date, `YYYY-MM-DD`: the date fields may not be later.
    pub today: String,
    /// The landlord's closure days (`YYYY-MM-DD`, name): the same calendar as the server.
    pub closures: Vec<(String, String)>,
    /// The server's rules differ from the browser's near today: a business-continuity
    /// period is declared, an imported GOV.UK file changed the built-in bank holidays, or an
    /// administrator added a policy version. The browser knows only the built-in bank
    /// holidays, the closure days and the built-in policy versions, so it then leaves the
    /// deadline preview and the window warning the server wrote as they are rather than
    /// show what the server would not: carrying periods, imports and versions here would
    /// weigh on every visitor's module for something rarely in force.
    pub rules_differ: bool,
    /// A member of staff is logging a case: the received date and time are checked too.
    pub staff: bool,
    /// A complaint (not a service request or a compliment): it has a deadline preview.
    pub complaint: bool,
    /// The problems the server found, shown until the person changes that field.
    pub errors: Vec<(String, String)>,
    /// The answers kept from the form's other pages: the page's own answers are judged
    /// with them, as the server will.
    pub input: domain::form::ComplaintFormInput,
    /// The page shown ([`domain::form::Section`]'s code): only its questions are checked.
    pub section: String,
}

/// The ids of the parts the island keeps current; the form renders each of them.
pub const PREVIEW_ID: &str = "deadline-preview";
pub const WARNING_ID: &str = "window-warning";
pub const PROGRESS_ID: &str = "upload-progress-group";
pub const SUBMIT_ID: &str = "make-submit";

#[island]
pub fn FormChecks(facts: CheckFacts, children: Children) -> impl IntoView {
    let checks = StoredValue::new(browser::Checks::new(facts));
    // The preview, worked out again when the page is seen, on the browser's clock.
    Effect::new(move |_| checks.with_value(browser::Checks::on_arrival));
    view! {
        <div
            class="form-checks"
            on:focusout=move |ev| checks.update_value(|c| c.on_leave(&ev))
            on:change=move |ev| checks.update_value(|c| c.on_change(&ev))
            on:input=move |ev| checks.with_value(|c| c.on_input(&ev))
            on:submit=move |ev| checks.update_value(|c| c.on_submit(&ev))
        >
            {children()}
        </div>
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    //! On the server the island renders its children; these events never fire.

    use super::CheckFacts;

    pub struct Checks;

    impl Checks {
        pub fn new(_facts: CheckFacts) -> Self {
            Self
        }
        pub fn on_arrival(&self) {}
        pub fn on_leave(&mut self, _ev: &leptos::ev::FocusEvent) {}
        pub fn on_change(&mut self, _ev: &leptos::ev::Event) {}
        pub fn on_input(&self, _ev: &leptos::ev::Event) {}
        pub fn on_submit(&mut self, _ev: &leptos::ev::SubmitEvent) {}
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    //! Reading the live form, checking it with the domain, and showing the result.

    use std::collections::{HashMap, HashSet};

    use super::{CheckFacts, PREVIEW_ID, PROGRESS_ID, SUBMIT_ID, WARNING_ID};
    use crate::components::{ERROR_SUMMARY_ID, count_message};
    use domain::form::ComplaintFormInput;
    use domain::form::{FIELDS as FIELD_ORDER, Section};
    use domain::{ComplaintForm, Description};
    use leptos::prelude::{document, window};
    use wasm_bindgen::{JsCast, closure::Closure};
    use web_sys::{
        Element, FormData, HtmlElement, HtmlFormElement, HtmlInputElement, ProgressEvent,
        XmlHttpRequest,
    };

    pub struct Checks {
        facts: CheckFacts,
        today: chrono::NaiveDate,
        server: HashMap<String, String>,
        found: HashMap<String, String>,
        touched: HashSet<String>,
        section: Option<Section>,
    }

    impl Checks {
        pub fn new(facts: CheckFacts) -> Self {
            Self {
                today: domain::calendar::iso_date(&facts.today).unwrap_or_default(),
                server: facts.errors.iter().cloned().collect(),
                found: HashMap::new(),
                touched: HashSet::new(),
                section: Section::parse(&facts.section),
                facts,
            }
        }

        pub fn on_arrival(&self) {
            if self.facts.complaint && !self.facts.staff && !self.facts.rules_differ {
                show_text(
                    PREVIEW_ID,
                    Some(domain::deadlines::preview_sentence(
                        &self.calendar(),
                        &domain::policy::PolicySet::built_in(),
                        now(),
                    )),
                );
            }
        }

        /// A field was left: its problem, if any, is shown.
        ///
        /// Not when focus goes to a button or nowhere (a press on Continue): showing or
        /// clearing a message then would move the button from under the pointer between
        /// its press and its release, and the press would be lost. Sending shows them all.
        pub fn on_leave(&mut self, ev: &leptos::ev::FocusEvent) {
            let to_a_field = ev
                .related_target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                });
            if let Some((field, form)) = field_and_form(ev) {
                self.touched.insert(field);
                if !to_a_field {
                    return;
                }
                self.check(&form);
                self.show_fields();
            }
        }

        /// A choice or a file changed: the notes follow at once; a file's problem too.
        /// Typed text is judged when the field is left ([`Self::on_leave`]), not here.
        pub fn on_change(&mut self, ev: &leptos::ev::Event) {
            let typed = ev
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .is_some_and(|el| {
                    el.tag_name() == "TEXTAREA"
                        || (el.tag_name() == "INPUT"
                            && !matches!(
                                el.get_attribute("type").as_deref(),
                                Some("radio" | "checkbox" | "file")
                            ))
                });
            if typed {
                return;
            }
            if let Some((field, form)) = field_and_form(ev) {
                if field == "evidence" {
                    self.touched.insert(field);
                }
                self.check(&form);
                self.show_fields();
            }
        }

        /// The characters-left count, as each character is typed.
        pub fn on_input(&self, ev: &leptos::ev::Event) {
            let Some(area) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            else {
                return;
            };
            if area.name() == "what_happened" {
                let message = count_message(
                    &area.value(),
                    Description::MAX_CHARS,
                    Description::remaining,
                );
                show_text("what_happened-count", Some(message));
            }
        }

        /// Sending: every problem at once, in the summary, or the file with a progress bar.
        pub fn on_submit(&mut self, ev: &leptos::ev::SubmitEvent) {
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
            else {
                return;
            };
            self.touched
                .extend(FIELD_ORDER.iter().map(|f| (*f).to_owned()));
            let has_file = self.check(&form);
            self.show_fields();
            let problems = self.shown_in_order();
            if !problems.is_empty() {
                ev.prevent_default();
                show_summary(&problems);
            } else if has_file {
                // Sent by script, for the progress bar; the server's answer is a redirect
                // the browser then follows, exactly as without JavaScript.
                ev.prevent_default();
                upload(&form);
            }
        }

        fn calendar(&self) -> domain::Calendar {
            let closures = self.facts.closures.iter().filter_map(|(date, name)| {
                domain::ClosureDay::new(domain::calendar::iso_date(date)?, name).ok()
            });
            domain::Calendar::england_and_wales().with_closures(closures)
        }

        /// Checks the whole form by the domain's rules; returns whether a file is chosen.
        fn check(&mut self, form: &HtmlFormElement) -> bool {
            let live = input_of(form);
            let input = match self.section {
                Some(section) => {
                    let mut input = self.facts.input.clone();
                    input.take_section(section, &live);
                    input
                }
                None => live,
            };
            let mut found: HashMap<String, String> = match ComplaintForm::parse(&input, self.today)
            {
                Ok(_) => HashMap::new(),
                Err(errors) => errors
                    .0
                    .into_iter()
                    .map(|e| (e.field.to_owned(), e.message))
                    .collect(),
            };
            let (file_problem, has_file) = file_check(form);
            if let Some(problem) = file_problem {
                found.insert("evidence".to_owned(), problem);
            }
            if self.facts.staff {
                match input.receiving(now()) {
                    Ok(receiving) => {
                        if self.facts.complaint && !self.facts.rules_differ {
                            show_text(
                                PREVIEW_ID,
                                Some(domain::deadlines::received_sentence(
                                    &self.calendar(),
                                    &domain::policy::PolicySet::built_in(),
                                    receiving.at,
                                )),
                            );
                        }
                    }
                    Err(problems) => {
                        show_text(PREVIEW_ID, None);
                        found.extend(
                            problems
                                .0
                                .into_iter()
                                .map(|e| (e.field.to_owned(), e.message)),
                        );
                    }
                }
            }
            if !self.facts.rules_differ {
                show_text(
                    WARNING_ID,
                    domain::form::window_warning(
                        &input,
                        self.today,
                        &domain::policy::PolicySet::built_in(),
                    ),
                );
            }
            self.found = found;
            has_file
        }

        /// The problem shown for a field: the browser's once the person has been there,
        /// until then the server's.
        fn shown(&self, field: &str) -> Option<&String> {
            if self.touched.contains(field) {
                self.found.get(field)
            } else {
                self.server.get(field)
            }
        }

        /// The problems of this page's questions, in the order they are asked.
        fn shown_in_order(&self) -> Vec<(&'static str, String)> {
            FIELD_ORDER
                .iter()
                .filter(|field| self.on_page(field))
                .filter_map(|field| self.shown(field).map(|m| (*field, m.clone())))
                .collect()
        }

        fn on_page(&self, field: &str) -> bool {
            self.section.is_none_or(|s| s.fields().contains(&field))
        }

        fn show_fields(&self) {
            for field in FIELD_ORDER.iter().filter(|f| self.on_page(f)) {
                show_problem(field, self.shown(field).map(String::as_str));
            }
            // A summary already on screen follows the fields; it appears only on sending.
            if document().get_element_by_id(ERROR_SUMMARY_ID).is_some() {
                let problems = self.shown_in_order();
                if problems.is_empty() {
                    remove(ERROR_SUMMARY_ID);
                } else {
                    fill_summary(&problems);
                }
            }
        }
    }

    fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::from_timestamp_millis(web_sys::js_sys::Date::now() as i64)
            .unwrap_or_default()
    }

    /// The field an event came from (its base name, without `-day` and the like) and its
    /// form.
    fn field_and_form(ev: &web_sys::Event) -> Option<(String, HtmlFormElement)> {
        let target = ev.target()?.dyn_into::<Element>().ok()?;
        let name = target.get_attribute("name")?;
        let field = ["-day", "-month", "-year"]
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix))
            .unwrap_or(&name)
            .to_owned();
        let form = target.closest("form").ok()??.dyn_into().ok()?;
        Some((field, form))
    }

    fn input_of(form: &HtmlFormElement) -> ComplaintFormInput {
        let Ok(data) = FormData::new_with_form(form) else {
            return ComplaintFormInput::default();
        };
        ComplaintFormInput::from_fields(|name| {
            data.get_all(name)
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
    }

    /// The chosen file's problem, if any, and whether a file is chosen.
    fn file_check(form: &HtmlFormElement) -> (Option<String>, bool) {
        let file = form
            .query_selector("input[type=file]")
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        match file {
            Some(file) => (
                domain::evidence::check_before_upload(&file.name(), file.size() as u64)
                    .err()
                    .map(|e| e.to_string()),
                true,
            ),
            None => (None, false),
        }
    }

    fn element(id: &str) -> Option<Element> {
        document().get_element_by_id(id)
    }

    fn remove(id: &str) {
        if let Some(el) = element(id) {
            el.remove();
        }
    }

    /// Shows `text` in the part `id` (its first paragraph or strong text), or hides it.
    fn show_text(id: &str, text: Option<String>) {
        let Some(part) = element(id) else {
            return;
        };
        match text {
            Some(text) => {
                if let Ok(Some(slot)) = part.query_selector("[data-text]") {
                    slot.set_text_content(Some(&text));
                } else {
                    part.set_text_content(Some(&text));
                }
                let _ = part.remove_attribute("hidden");
            }
            None => {
                let _ = part.set_attribute("hidden", "");
            }
        }
    }

    /// Shows or clears one field's problem, in the markup `crate::components` renders on
    /// the server: the group's error class, the message after the label or legend and the
    /// hint, the controls' error classes, `aria-invalid`, and the message's id in
    /// `aria-describedby`.
    fn show_problem(field: &str, problem: Option<&str>) {
        let Some(control) = element(field) else {
            return;
        };
        let Some(group) = control.closest(".form-group").ok().flatten() else {
            return;
        };
        let error_id = format!("{field}-error");
        let _ = group
            .class_list()
            .toggle_with_force("form-group--error", problem.is_some());
        let fieldset = group.query_selector("fieldset").ok().flatten();
        let container = fieldset.clone().unwrap_or_else(|| group.clone());
        match (element(&error_id), problem) {
            (Some(message), Some(problem)) => fill_message(&message, problem),
            (None, Some(problem)) => {
                if let Ok(message) = document().create_element("p") {
                    message.set_class_name("error-message");
                    message.set_id(&error_id);
                    fill_message(&message, problem);
                    let after = first_child_after_labels(&container);
                    let _ = container.insert_before(&message, after.as_ref().map(|e| e.as_ref()));
                }
            }
            (Some(message), None) => message.remove(),
            (None, None) => {}
        }
        // Who carries the description: the fieldset of a group of choices, else the control.
        let described = fieldset.unwrap_or_else(|| control.clone());
        let mut ids: Vec<String> = described
            .get_attribute("aria-describedby")
            .unwrap_or_default()
            .split_whitespace()
            .filter(|id| *id != error_id)
            .map(str::to_owned)
            .collect();
        if problem.is_some() {
            let hint = format!("{field}-hint");
            let at = ids.iter().position(|id| *id == hint).map_or(0, |i| i + 1);
            ids.insert(at, error_id.clone());
        }
        let _ = if ids.is_empty() {
            described.remove_attribute("aria-describedby")
        } else {
            described.set_attribute("aria-describedby", &ids.join(" "))
        };
        if let Ok(controls) = group.query_selector_all("input.input, textarea, input.file-upload") {
            for i in 0..controls.length() {
                let Some(el) = controls.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                    continue;
                };
                let class = match el.tag_name().as_str() {
                    "TEXTAREA" => "textarea--error",
                    _ if el.class_list().contains("file-upload") => "file-upload--error",
                    _ => "input--error",
                };
                let _ = el.class_list().toggle_with_force(class, problem.is_some());
                // Date boxes are described by their fieldset and carry no aria-invalid.
                if el.id() == field && el.closest("fieldset").ok().flatten().is_none() {
                    let _ = if problem.is_some() {
                        el.set_attribute("aria-invalid", "true")
                    } else {
                        el.remove_attribute("aria-invalid")
                    };
                }
            }
        }
    }

    /// The first child of a field's group after its label or legend and hint.
    fn first_child_after_labels(container: &Element) -> Option<Element> {
        let mut child = container.first_element_child();
        while let Some(el) = child {
            let tag = el.tag_name();
            if tag != "LABEL" && tag != "LEGEND" && !el.class_list().contains("hint") {
                return Some(el);
            }
            child = el.next_element_sibling();
        }
        None
    }

    /// "Error: " for screen readers, then the problem.
    fn fill_message(message: &Element, problem: &str) {
        message.set_text_content(None);
        if let Ok(hidden) = document().create_element("span") {
            hidden.set_class_name("visually-hidden");
            hidden.set_text_content(Some("Error: "));
            let _ = message.append_child(&hidden);
        }
        let _ = message.append_with_str_1(problem);
    }

    /// Puts the summary of `problems` above the page's heading (or refreshes the one there)
    /// and moves focus to it, so a screen reader reads it at once.
    fn show_summary(problems: &[(&'static str, String)]) {
        if element(ERROR_SUMMARY_ID).is_none() {
            let Ok(summary) = document().create_element("div") else {
                return;
            };
            summary.set_class_name("error-summary");
            summary.set_id(ERROR_SUMMARY_ID);
            let _ = summary.set_attribute("tabindex", "-1");
            let _ = summary.set_attribute("role", "alert");
            let _ = summary.set_attribute("aria-labelledby", "error-summary-title");
            let Some(heading) = document().query_selector(".form-checks h1").ok().flatten() else {
                return;
            };
            if let Some(parent) = heading.parent_node() {
                let _ = parent.insert_before(&summary, Some(&heading));
            }
        }
        fill_summary(problems);
        if let Some(summary) =
            element(ERROR_SUMMARY_ID).and_then(|e| e.dyn_into::<HtmlElement>().ok())
        {
            summary.scroll_into_view();
            let _ = summary.focus();
        }
    }

    /// The summary's title and one link per problem, to its field.
    fn fill_summary(problems: &[(&'static str, String)]) {
        let Some(summary) = element(ERROR_SUMMARY_ID) else {
            return;
        };
        let doc = document();
        summary.set_text_content(None);
        let (Ok(title), Ok(list)) = (doc.create_element("h2"), doc.create_element("ul")) else {
            return;
        };
        title.set_class_name("error-summary__title");
        title.set_id("error-summary-title");
        title.set_text_content(Some("There is a problem"));
        list.set_class_name("error-summary__list");
        for (field, message) in problems {
            let (Ok(item), Ok(link)) = (doc.create_element("li"), doc.create_element("a")) else {
                continue;
            };
            let _ = link.set_attribute("href", &format!("#{field}"));
            link.set_text_content(Some(message));
            let _ = item.append_child(&link);
            let _ = list.append_child(&item);
        }
        let _ = summary.append_child(&title);
        let _ = summary.append_child(&list);
    }

    /// How far the upload is: the bar and its label shown, the button disabled.
    fn show_progress(percent: Option<u32>) {
        if let Some(button) = element(SUBMIT_ID) {
            let _ = match percent {
                Some(_) => button.set_attribute("disabled", ""),
                None => button.remove_attribute("disabled"),
            };
        }
        match percent {
            Some(percent) => {
                if let Some(group) = element(PROGRESS_ID) {
                    let _ = group.remove_attribute("hidden");
                    if let Ok(Some(label)) = group.query_selector("label") {
                        label.set_text_content(Some(&format!("Sending your file: {percent}%")));
                    }
                    if let Ok(Some(bar)) = group.query_selector("progress") {
                        let _ = bar.set_attribute("value", &percent.to_string());
                    }
                }
            }
            None => show_text(PROGRESS_ID, None),
        }
    }

    /// Posts the form with XMLHttpRequest to report the upload's progress, then goes where
    /// the server's redirect went.
    fn upload(form: &HtmlFormElement) {
        let (Ok(xhr), Ok(data)) = (XmlHttpRequest::new(), FormData::new_with_form(form)) else {
            let _ = form.submit();
            return;
        };
        show_progress(Some(0));
        let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                show_progress(Some(((e.loaded() / e.total()) * 100.0).round() as u32));
            }
        });
        let on_done = {
            let xhr = xhr.clone();
            let form = form.clone();
            Closure::<dyn FnMut()>::new(move || {
                let url = xhr.response_url();
                if xhr.status().is_ok_and(|s| s < 400) && !url.is_empty() {
                    let _ = window().location().assign(&url);
                } else {
                    // Let the browser post it the ordinary way and show what happens.
                    show_progress(None);
                    let _ = form.submit();
                }
            })
        };
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        }
        xhr.set_onloadend(Some(on_done.as_ref().unchecked_ref()));
        on_progress.forget();
        on_done.forget();
        if xhr.open_with_async("POST", &form.action(), true).is_err()
            || xhr.send_with_opt_form_data(Some(&data)).is_err()
        {
            show_progress(None);
            let _ = form.submit();
        }
    }
}
