//! Building blocks shared by the pages: the NHS shell, metadata, cards,
//! forms, the change history, and the islands and script that work in the
//! browser.

pub mod cards;
pub mod error_page;
pub mod forms;
pub mod history;
pub mod hospital_map;
pub mod islands;
pub mod layout;
pub mod navigation;
pub mod page_meta;
pub mod partner_map;
pub mod staff_details;
pub mod text;
