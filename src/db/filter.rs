//! Filters built from a list's query, and the placeholders of bulk writes.

use sqlx::Any;

use super::{Backend, Db};
use crate::web::list::{COUNT_LIMIT, ListQuery, Paged};

/// A value bound to a placeholder of a [`Filter`].
#[derive(Clone, Debug)]
pub enum Param {
    Text(String),
    Int(i64),
    /// An integer column left empty (an optional reference).
    NoInt,
}

impl From<Option<i64>> for Param {
    fn from(value: Option<i64>) -> Self {
        value.map_or(Param::NoInt, Param::Int)
    }
}

/// Placeholders of `rows` rows of `columns` values for a multi-row
/// `VALUES` (`rows` = 1 makes an `IN` list): `($1, $2), ($3, $4)` on
/// PostgreSQL, `(?, ?), (?, ?)` on SQLite. The exception to `$n` is for
/// SQLite's sake: it finds a numbered parameter's name by walking the list
/// of names, so binding n `$k` costs n² steps (4 of the 10 seconds of a
/// 100,000-people import), while anonymous `?` bind by position.
pub fn bulk_marks(backend: Backend, rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| {
            let marks: Vec<String> = (1..=columns)
                .map(|c| match backend {
                    Backend::Sqlite => "?".to_owned(),
                    Backend::Postgres => format!("${}", r * columns + c),
                })
                .collect();
            format!("({})", marks.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `n` placeholder marks for an `IN` list of a [`Filter`] condition.
pub fn in_marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// A `WHERE` clause built from optional conditions, numbered `$1, $2...`
/// for both backends (sqlx's `QueryBuilder` writes `?` for `Any`, which
/// PostgreSQL rejects).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    clauses: Vec<String>,
    /// Every value, in placeholder order: those of [`Filter::binding`] first.
    params: Vec<Param>,
}

impl Filter {
    /// A filter that also binds `first` as `$1, $2...`, for placeholders
    /// the query itself uses (in its SELECT) before the filter's own.
    pub fn binding(first: impl IntoIterator<Item = Param>) -> Self {
        Self {
            params: first.into_iter().collect(),
            ..Self::default()
        }
    }

    /// A filter for another part of the same query (a `UNION`): no
    /// condition yet, its placeholders numbered after this one's, and
    /// binding this one's values first.
    pub fn continued(&self) -> Self {
        Self {
            clauses: Vec::new(),
            params: self.params.clone(),
        }
    }

    /// Adds a condition whose `?` marks stand for `params`, in order.
    pub fn and(&mut self, condition: &str, params: impl IntoIterator<Item = Param>) -> &mut Self {
        let mut sql = String::new();
        let mut pieces = condition.split('?');
        sql.push_str(pieces.next().unwrap_or(""));
        let params: Vec<Param> = params.into_iter().collect();
        for (piece, param) in pieces.zip(params) {
            self.params.push(param);
            sql.push_str(&format!("${}", self.params.len()));
            sql.push_str(piece);
        }
        self.clauses.push(format!("({sql})"));
        self
    }

    /// Adds `column IN (...)`; with no value, a condition nothing meets.
    pub fn and_in(&mut self, column: &str, values: Vec<Param>) -> &mut Self {
        if values.is_empty() {
            return self.and("1 = 0", []);
        }
        self.and(&format!("{column} IN ({})", in_marks(values.len())), values)
    }

    /// Adds a case-insensitive "contains" search over several columns.
    pub fn search(&mut self, columns: &[&str], text: &str) -> &mut Self {
        let pattern = format!("%{}%", text.trim().to_lowercase().replace(['%', '_'], ""));
        let condition = columns
            .iter()
            .map(|c| format!("LOWER({c}) LIKE ?"))
            .collect::<Vec<_>>()
            .join(" OR ");
        self.and(&condition, columns.iter().map(|_| Param::Text(pattern.clone())))
    }

    /// ` WHERE ...`, or nothing when there is no condition.
    pub fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// The next placeholder number, for `LIMIT`/`OFFSET` after the filter.
    fn next_placeholder(&self) -> usize {
        self.params.len() + 1
    }

    /// One page of rows of `select` (a query ending where the filter's
    /// `WHERE` goes) in `list`'s order, with the number of rows `count`
    /// (the same `FROM`, selecting `COUNT(*)`) finds in all. Counting stops
    /// at [`COUNT_LIMIT`]: past it the page says "more than", since an exact
    /// count of millions of rows would cost more than the page itself.
    pub async fn page<T>(
        &self,
        db: &Db,
        select: &str,
        count: &str,
        order_by: &str,
        list: &ListQuery,
    ) -> Result<Paged<T>, sqlx::Error>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    {
        let items: Vec<T> = self.rows(db, select, order_by, list).await?;
        // A page not full is the last one: its rows tell the count, no need
        // to scan again (a rare search word reads every row otherwise).
        let shown = items.len() as i64;
        if shown > 0 && shown < list.per_page() || (shown == 0 && list.offset() == 0) {
            return Ok(Paged::counted(items, list.offset() + shown, list));
        }
        let rows = count.replacen("SELECT COUNT(*)", "SELECT 1", 1);
        let counted: i64 = self
            .bind_scalar(sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM ({rows}{} LIMIT {}) counted",
                self.sql(),
                COUNT_LIMIT + 1
            )))
            .fetch_one(&db.pool)
            .await?;
        Ok(Paged::counted(items, counted, list))
    }

    /// The rows of one page of `select` in `order_by` (see [`Filter::page`]),
    /// for a list that counts its rows in another way.
    pub async fn rows<T>(&self, db: &Db, select: &str, order_by: &str, list: &ListQuery) -> Result<Vec<T>, sqlx::Error>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    {
        let n = self.next_placeholder();
        let sql = format!("{select}{}{order_by} LIMIT ${n} OFFSET ${}", self.sql(), n + 1);
        self.bind(sqlx::query_as(&sql))
            .bind(list.per_page())
            .bind(list.offset())
            .fetch_all(&db.pool)
            .await
    }

    /// Binds the filter's values to a query, in order.
    pub fn bind<'q, O>(
        &self,
        mut query: sqlx::query::QueryAs<'q, Any, O, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::QueryAs<'q, Any, O, sqlx::any::AnyArguments<'q>> {
        for param in &self.params {
            query = match param {
                Param::Text(text) => query.bind(text.clone()),
                Param::Int(n) => query.bind(*n),
                Param::NoInt => query.bind(None::<i64>),
            };
        }
        query
    }

    /// Same as [`Filter::bind`] for a scalar query (counts).
    pub fn bind_scalar<'q, O>(
        &self,
        mut query: sqlx::query::QueryScalar<'q, Any, O, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::QueryScalar<'q, Any, O, sqlx::any::AnyArguments<'q>> {
        for param in &self.params {
            query = match param {
                Param::Text(text) => query.bind(text.clone()),
                Param::Int(n) => query.bind(*n),
                Param::NoInt => query.bind(None::<i64>),
            };
        }
        query
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_are_numbered_in_order() {
        let mut f = Filter::default();
        assert_eq!(f.sql(), "");
        f.and("a = ?", [Param::Int(1)]);
        f.search(&["name", "email"], " Du_pont% ");
        assert_eq!(
            f.sql(),
            " WHERE (a = $1) AND (LOWER(name) LIKE $2 OR LOWER(email) LIKE $3)"
        );
        assert_eq!(f.next_placeholder(), 4);
        assert!(matches!(&f.params[1], Param::Text(p) if p == "%dupont%"));
        let mut later = Filter::binding([Param::Text("2026-11-24".into()), Param::Int(60)]);
        later.and("b IN (?, ?)", [Param::Int(1), Param::Int(2)]);
        assert_eq!(later.sql(), " WHERE (b IN ($3, $4))");
        assert_eq!(later.next_placeholder(), 5);
        let mut none = Filter::default();
        none.and_in("c", vec![]);
        assert_eq!(none.sql(), " WHERE (1 = 0)");
    }
}
