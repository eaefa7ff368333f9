//! Pieces of text every page writes the same way.

use leptos::prelude::*;

/// A page's `h1` with a caption above it saying what the page belongs to.
/// `kind` is read out before the caption by screen readers only ("Specialist
/// group: "), as the caption's look says it to everyone else.
#[component]
pub fn CaptionedHeading(
    kind: &'static str,
    #[prop(into)] caption: String,
    #[prop(into)] title: String,
) -> impl IntoView {
    view! {
        <h1>
            <span class="nhsuk-caption-l">
                <span class="nhsuk-u-visually-hidden">{kind}</span>
                {caption}
            </span>
            {title}
        </h1>
    }
}

/// Paragraphs of text, one `<p>` each.
#[component]
pub fn Paragraphs(texts: Vec<String>) -> impl IntoView {
    texts
        .into_iter()
        .map(|text| view! { <p>{text}</p> })
        .collect_view()
}
