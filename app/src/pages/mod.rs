//! One module per page of the site.

pub mod centre;
pub mod centres;
pub mod home;
