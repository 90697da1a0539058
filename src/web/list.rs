//! What every list has: search, sort, pagination.

use serde::Deserialize;

/// Lists count their rows up to this many (see `db::Filter::page`).
pub const COUNT_LIMIT: i64 = 10_000;

/// Rows per page unless asked otherwise, and the most one page may hold.
pub const DEFAULT_PER_PAGE: i64 = 25;
pub const MAX_PER_PAGE: i64 = 200;

/// The query string of a list page or API list call.
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Text searched in the list's main columns.
    pub q: Option<String>,
    /// Column to sort by (each list names its own).
    pub sort: Option<String>,
    /// `asc` or `desc`.
    pub dir: Option<String>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Rows per page (1 to 200).
    pub per_page: Option<i64>,
}

impl ListQuery {
    pub fn page(&self) -> i64 {
        self.page.unwrap_or(1).max(1)
    }

    pub fn per_page(&self) -> i64 {
        self.per_page.unwrap_or(DEFAULT_PER_PAGE).clamp(1, MAX_PER_PAGE)
    }

    pub fn offset(&self) -> i64 {
        (self.page() - 1).saturating_mul(self.per_page())
    }

    /// The search text, if any.
    pub fn search(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }

    pub fn descending(&self) -> bool {
        self.dir.as_deref() == Some("desc")
    }

    /// `ORDER BY` for the requested column among `allowed` (name → SQL),
    /// falling back to the first; a unique tie-breaker keeps pages stable.
    pub fn order_by(&self, allowed: &[(&str, &str)], tie_breaker: &str) -> String {
        let column = self
            .sort
            .as_deref()
            .and_then(|s| allowed.iter().find(|(name, _)| *name == s))
            .or(allowed.first())
            .map_or(tie_breaker, |(_, sql)| sql);
        let dir = if self.descending() { "DESC" } else { "ASC" };
        format!(" ORDER BY {column} {dir}, {tie_breaker} {dir}")
    }
}

/// One page of a list, with what is needed to draw its pagination.
#[derive(Clone, Debug)]
pub struct Paged<T> {
    pub items: Vec<T>,
    /// Rows found, counted up to [`COUNT_LIMIT`].
    pub total: i64,
    /// More rows than `total` match.
    pub more: bool,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Paged<T> {
    /// A page of `items` among `counted` rows (shown as "more than" past [`COUNT_LIMIT`]).
    pub fn counted(items: Vec<T>, counted: i64, list: &ListQuery) -> Self {
        Self {
            items,
            total: counted.min(COUNT_LIMIT),
            more: counted > COUNT_LIMIT,
            page: list.page(),
            per_page: list.per_page(),
        }
    }

    pub fn last_page(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }

    pub fn has_previous(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        self.page < self.last_page()
    }
}

/// Builds the link to another page of the same list, keeping its filters.
pub fn page_link(base: &str, filters: &[(&str, &str)], page: i64) -> String {
    let mut pairs: Vec<(&str, String)> = filters
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (*k, (*v).to_owned()))
        .collect();
    pairs.push(("page", page.to_string()));
    format!("{base}?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
}

/// The links of one list page: other pages, column sorts and exports, each
/// keeping the list's search and filters.
#[derive(Clone, Debug)]
pub struct Links {
    base: &'static str,
    /// Search and filters, as they are in the query string.
    filters: Vec<(&'static str, String)>,
    sort: Option<String>,
    descending: bool,
}

impl Links {
    pub fn new(base: &'static str, query: &ListQuery, filters: &[(&'static str, Option<&str>)]) -> Self {
        let mut kept = vec![("q", query.q.clone().unwrap_or_default())];
        kept.extend(filters.iter().map(|(k, v)| (*k, v.unwrap_or("").to_owned())));
        Self {
            base,
            filters: kept,
            sort: query.sort.clone(),
            descending: query.descending(),
        }
    }

    fn build(&self, base: &str, extra: &[(&str, &str)], page: i64) -> String {
        let mut pairs: Vec<(&str, &str)> = self.filters.iter().map(|(k, v)| (*k, v.as_str())).collect();
        pairs.extend_from_slice(extra);
        page_link(base, &pairs, page)
    }

    /// Another page of the list, same order.
    pub fn page(&self, page: i64) -> String {
        let dir = if self.descending { "desc" } else { "" };
        self.build(
            self.base,
            &[("sort", self.sort.as_deref().unwrap_or("")), ("dir", dir)],
            page,
        )
    }

    /// The list sorted on `column`, flipping the direction when it already is.
    pub fn sort(&self, column: &str) -> String {
        let flip = self.sort.as_deref() == Some(column) && !self.descending;
        self.build(
            self.base,
            &[("sort", column), ("dir", if flip { "desc" } else { "asc" })],
            1,
        )
    }

    /// The filtered list as a file: `format` is `csv` or `xlsx`.
    pub fn export(&self, format: &str) -> String {
        self.build(&format!("{}/export.{format}", self.base), &[], 1)
    }

    /// The current value of filter `name`, empty when unset.
    pub fn value(&self, name: &str) -> &str {
        self.filters
            .iter()
            .find(|(k, _)| *k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Whether filter `name` currently has `value` (for `selected`).
    pub fn is(&self, name: &str, value: &str) -> bool {
        self.filters.iter().any(|(k, v)| *k == name && v == value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_clamped_and_counted() {
        let q = ListQuery {
            page: Some(0),
            per_page: Some(1000),
            ..Default::default()
        };
        assert_eq!((q.page(), q.per_page(), q.offset()), (1, 200, 0));
        let p = Paged::<()> {
            more: false,
            items: vec![],
            total: 51,
            page: 3,
            per_page: 25,
        };
        assert_eq!(p.last_page(), 3);
        assert!(p.has_previous() && !p.has_next());
        assert_eq!(
            Paged::<()> {
                more: false,
                items: vec![],
                total: 0,
                page: 1,
                per_page: 25
            }
            .last_page(),
            1
        );
    }

    #[test]
    fn only_known_columns_are_sorted_on() {
        let allowed = [("name", "o.name"), ("country", "o.country")];
        let q = ListQuery {
            sort: Some("country".into()),
            dir: Some("desc".into()),
            ..Default::default()
        };
        assert_eq!(q.order_by(&allowed, "o.id"), " ORDER BY o.country DESC, o.id DESC");
        let evil = ListQuery {
            sort: Some("1; DROP TABLE x".into()),
            ..Default::default()
        };
        assert_eq!(evil.order_by(&allowed, "o.id"), " ORDER BY o.name ASC, o.id ASC");
    }

    #[test]
    fn list_links_keep_search_filters_and_order() {
        let q = ListQuery {
            q: Some("fresnes".into()),
            sort: Some("name".into()),
            ..Default::default()
        };
        let links = Links::new("/x", &q, &[("state", Some("open")), ("kind", None)]);
        assert_eq!(links.page(2), "/x?q=fresnes&state=open&sort=name&page=2");
        assert_eq!(links.sort("name"), "/x?q=fresnes&state=open&sort=name&dir=desc&page=1");
        assert_eq!(links.export("csv"), "/x/export.csv?q=fresnes&state=open&page=1");
        assert!(links.is("state", "open") && !links.is("kind", "x"));
    }

    #[test]
    fn page_links_keep_filters() {
        assert_eq!(page_link("/o", &[("q", "anvp"), ("sort", "")], 2), "/o?q=anvp&page=2");
    }
}
