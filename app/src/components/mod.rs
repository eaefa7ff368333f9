//! Building blocks shared by the pages: the NHS shell, metadata, cards,
//! forms and the change history.

pub mod cards;
pub mod error_page;
pub mod forms;
pub mod history;
pub mod layout;
pub mod page_meta;
pub mod partner_map;
pub mod text;
