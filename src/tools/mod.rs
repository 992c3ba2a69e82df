//! Research tools over extracted records: the HTML report and quotation clusters.

pub mod cluster;
pub mod report;
