//! The shapes every part of the JSON API shares: errors, lists, creations.

use serde::Serialize;
use utoipa::ToSchema;

/// The shape of every API error.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
struct ErrorDetail {
    /// Stable code: `bad_request`, `unauthorized`, `forbidden`, `not_found`,
    /// `conflict`, `validation_failed`, `too_many_requests`, `internal`.
    code: String,
    /// A sentence for people, in the language of `Accept-Language`.
    message: String,
    /// For `validation_failed`: each field and what is wrong with it.
    fields: Option<Vec<FieldDetail>>,
}

#[derive(Serialize, ToSchema)]
struct FieldDetail {
    field: String,
    message: String,
}

/// What a creation answers: the new object's id.
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// A page of a list.
#[derive(Serialize, ToSchema)]
pub struct Items<T: ToSchema> {
    pub items: Vec<T>,
    /// How many items match, over all pages (counted up to 10,000).
    pub total: i64,
    /// True when more than `total` items match: narrow the filters.
    pub more: bool,
}

impl<T: ToSchema> From<super::list::Paged<T>> for Items<T> {
    fn from(page: super::list::Paged<T>) -> Self {
        Self {
            items: page.items,
            total: page.total,
            more: page.more,
        }
    }
}
