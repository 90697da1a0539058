//! Standards pages: frameworks and the assessments one reads; a version,
//! edited while a draft, assessed once published; an assessment, answered,
//! submitted, reviewed and shared; its printable summary.

mod assessments;
mod frameworks;

pub use assessments::*;
pub use frameworks::*;

use crate::web::Typed;

/// The id typed in `field`, if one.
pub(super) fn id_in(form: &Typed, field: &str) -> Option<i64> {
    form.get(field).parse().ok()
}
