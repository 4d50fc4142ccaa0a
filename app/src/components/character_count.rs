use super::ErrorMessage;
use leptos::prelude::*;

/// A textarea with a label, hint, error message and a live count of the characters left,
/// after the GOV.UK character count. The count is announced politely to screen readers.
#[component]
pub fn CharacterCount(
    /// The form field's name (and its element id).
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    max_chars: usize,
    /// What has been typed; the caller owns it so nothing typed is lost.
    value: RwSignal<String>,
    /// Counts the characters as the rule that judges them does.
    remaining: fn(&str) -> isize,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] on_blur: Callback<()>,
) -> impl IntoView {
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let count_id = format!("{name}-count");
    let described_by = {
        let (hint_id, error_id, count_id) = (hint_id.clone(), error_id.clone(), count_id.clone());
        move || {
            if error.get().is_some() {
                format!("{hint_id} {error_id} {count_id}")
            } else {
                format!("{hint_id} {count_id}")
            }
        }
    };
    let count_text = move || count_message(&value.read(), max_chars, remaining);
    view! {
        <div class="form-group" class:form-group--error=move || error.get().is_some()>
            <label class="label" for=name>{label}</label>
            <div class="hint" id=hint_id>{hint}</div>
            <ErrorMessage id=error_id error=error />
            <textarea
                class="textarea"
                class:textarea--error=move || error.get().is_some()
                id=name
                name=name
                rows="6"
                aria-describedby=described_by
                aria-invalid=move || error.get().is_some().then_some("true")
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
                on:blur=move |_| on_blur.run(())
            >
                // The text as first rendered, so a page sent back with problems (or seen
                // without JavaScript) keeps what was typed.
                {value.get_untracked()}
            </textarea>
            <div id=count_id class="hint character-count__message" aria-live="polite">
                {count_text}
            </div>
        </div>
    }
}

/// What the count under the box says for `typed`: how many characters may be entered, are
/// left, or are too many ("You have 1 character remaining").
pub fn count_message(typed: &str, max_chars: usize, remaining: fn(&str) -> isize) -> String {
    let left = remaining(typed);
    let plural = |n: isize| {
        if n.abs() == 1 {
            "character"
        } else {
            "characters"
        }
    };
    if typed.is_empty() {
        format!(
            "You can enter up to {} characters",
            group_thousands(max_chars as isize)
        )
    } else if left >= 0 {
        format!(
            "You have {} {} remaining",
            group_thousands(left),
            plural(left)
        )
    } else {
        format!(
            "You have {} {} too many",
            group_thousands(-left),
            plural(left)
        )
    }
}

/// 5000 → "5,000", as UK readers expect.
fn group_thousands(n: isize) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::group_thousands;

    #[test]
    fn numbers_are_grouped_in_thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(5000), "5,000");
        assert_eq!(group_thousands(-1234567), "-1,234,567");
    }
}
