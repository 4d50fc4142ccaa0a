/// Moves keyboard focus to the element with this id and brings it into view, as the GOV.UK
/// error summary and skip link do: following an in-page link alone does not move focus
/// when the router handles the click.
pub fn focus_element(id: &str) {
    use leptos::{prelude::document, wasm_bindgen::JsCast, web_sys::HtmlElement};
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<HtmlElement>().ok())
    {
        el.scroll_into_view();
        let _ = el.focus();
    }
}
