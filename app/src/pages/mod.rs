//! One module per page of the site.

pub mod about_site;
pub mod centre;
pub mod centres;
pub mod home;
pub mod hospitals;
pub mod partner;
pub mod partnerships;
pub mod report;
pub mod service;
pub mod services;
pub mod staff;
