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

/// A table's caption and column headings, in NHS table styles.
#[component]
pub fn TableHead(caption: &'static str, columns: &'static [&'static str]) -> impl IntoView {
    let headings = columns
        .iter()
        .map(|&column| view! { <th class="nhsuk-table__header" scope="col">{column}</th> })
        .collect_view();
    view! {
        <caption class="nhsuk-table__caption">{caption}</caption>
        <thead class="nhsuk-table__head">
            <tr class="nhsuk-table__row">{headings}</tr>
        </thead>
    }
}

/// The NHS grid's main reading column: a row with one column two thirds
/// wide (`class` adds to the row's classes).
#[component]
pub fn TwoThirds(#[prop(optional)] class: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class=format!("nhsuk-grid-row {class}").trim_end().to_string()>
            <div class="nhsuk-grid-column-two-thirds">{children()}</div>
        </div>
    }
}

/// A page's opening: its `h1` and introduction, in the reading column.
#[component]
pub fn PageIntro(title: &'static str, texts: Vec<String>) -> impl IntoView {
    view! {
        <TwoThirds>
            <h1>{title}</h1>
            <Paragraphs texts />
        </TwoThirds>
    }
}

/// A telephone number as a `tel:` link's address: its digits only.
pub fn tel_href(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    format!("tel:{digits}")
}

/// A telephone number people can tap to call.
#[component]
pub fn PhoneLink(#[prop(into)] number: String) -> impl IntoView {
    view! { <a href=tel_href(&number)>{number.clone()}</a> }
}
